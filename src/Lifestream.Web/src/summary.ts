// summary.json as docs/schema/summary.schema.json describes it (the fields the page shows).

export interface Highlight {
  speaker: string;
  start: number;
  end: number;
  text: string;
}

export interface Summary {
  schemaVersion: string;
  jobId: string;
  media: { name: string; durationSeconds: number; hasVideo: boolean; hasAudio: boolean; width: number; height: number };
  speakers: { id: string; talkSeconds: number; wordCount: number; turns: number; highlights: Highlight[] }[];
  segments: { speaker: string; start: number; end: number; text: string }[];
  scenes: { index: number; start: number; end: number; keyframe: string | null }[];
  chapters: { index: number; title: string; start: number; end: number; summary: string }[];
  summary: { method: "extractive-textrank" | "llm-map-reduce" | string; overview: string; highlights: Highlight[] };
  actionItems: { text: string; speaker: string; start: number; end: number; cue: string }[];
  timings: Record<string, number>;
  warnings: string[];
}

/** Number of speaker colours in the stylesheet (.speaker-0 … .speaker-7); more speakers reuse them. */
export const speakerColours = 8;

/** A stable colour slot per speaker, in order of first appearance in the speaker list. */
export function speakerSlots(summary: Summary): Map<string, number> {
  const slots = new Map<string, number>();
  for (const speaker of summary.speakers) {
    slots.set(speaker.id, slots.size % speakerColours);
  }
  for (const segment of summary.segments) {
    if (!slots.has(segment.speaker)) {
      slots.set(segment.speaker, slots.size % speakerColours);
    }
  }
  return slots;
}

/** Why a section has nothing to show, in the reader's terms. */
export function emptyReasons(summary: Summary): { transcript: string; speakers: string; actionItems: string; chapters: string; scenes: string } {
  const noAudio = !summary.media.hasAudio;
  const noSpeech = summary.segments.length === 0;
  const speech = noAudio
    ? "The video has no audio track, so there is nothing to transcribe."
    : "No speech was recognised in this video, so there is no transcript.";
  return {
    transcript: speech,
    speakers: noAudio ? "The video has no audio track, so no speakers were found." : "No speech was found, so no speakers were identified.",
    actionItems: noSpeech
      ? "Without a transcript there are no action items."
      : "No action items were found: none of the sentences commits someone to a task (phrases like “I will”, “let’s”, “can you”).",
    chapters: noSpeech ? "Without a transcript there are no chapters." : "No chapters were made for this transcript.",
    scenes: summary.media.hasVideo ? "No scenes were detected." : "The input has no video stream, so no scenes or keyframes were made.",
  };
}

export function isExtractive(summary: Summary): boolean {
  return summary.summary.method !== "llm-map-reduce";
}
