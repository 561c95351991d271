// Presentation of job states and stages. The stage order mirrors JobProgress.ExpectedStages (C#); a unit
// test there fails when the two drift.

export const stageOrder = ["claim", "download", "probe", "audio", "vad", "asr", "diarization", "attribution", "scenes", "keyframes", "chunking", "summary", "documents", "upload"];

const stageLabels: Record<string, string> = {
  claim: "Claim",
  download: "Download",
  probe: "Probe media",
  audio: "Extract audio",
  vad: "Find speech",
  asr: "Transcribe",
  diarization: "Speakers",
  attribution: "Attribute words",
  scenes: "Scenes",
  keyframes: "Keyframes",
  chunking: "Chunk transcript",
  summary: "Summarize",
  documents: "Write documents",
  upload: "Store results",
};

export function stageLabel(stage: string): string {
  return stageLabels[stage] ?? stage;
}

const statusLabels: Record<string, string> = {
  queued: "Queued",
  dispatched: "Starting",
  running: "Running",
  retrying: "Retrying",
  succeeded: "Succeeded",
  failed: "Failed",
  timed_out: "Timed out",
  interrupted: "Interrupted",
  rejected: "Rejected",
};

export function statusLabel(status: string): string {
  return statusLabels[status] ?? status;
}

/** CSS modifier of a status badge. */
export function statusTone(status: string): "ok" | "bad" | "busy" {
  if (status === "succeeded") {
    return "ok";
  }
  return ["failed", "timed_out", "interrupted", "rejected"].includes(status) ? "bad" : "busy";
}

export type StageState = "done" | "current" | "pending" | "failed";

/** The stages of a job in order, each with its state and, once done, its wall time. */
export function stageTimeline(timings: Record<string, number>, current: string | undefined, status: string): { stage: string; state: StageState; seconds?: number }[] {
  const failed = statusTone(status) === "bad";
  const known = [...stageOrder, ...Object.keys(timings).filter((s) => !stageOrder.includes(s) && s !== "total")];
  if (current && !known.includes(current)) {
    known.push(current);
  }
  return known.map((stage) => {
    const seconds = timings[stage];
    if (seconds !== undefined && stage !== current) {
      return { stage, state: "done" as const, seconds };
    }
    if (stage === current && status !== "succeeded") {
      return { stage, state: failed ? ("failed" as const) : ("current" as const) };
    }
    return seconds !== undefined ? { stage, state: "done" as const, seconds } : { stage, state: "pending" as const };
  });
}
