using Lifestream.Pipeline.Summarization;
using static Lifestream.Pipeline.Documents.SummaryDocument;

namespace Lifestream.Pipeline.Documents;

/// <summary>Maps a <see cref="PipelineOutcome"/> to the summary.json model.</summary>
public static class SummaryDocumentBuilder
{
    public static SummaryDocument Build(PipelineOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var media = outcome.Media;
        var speech = outcome.Speech;
        var speakerStats = outcome.Summary.Speakers.ToDictionary(s => s.Speaker, StringComparer.Ordinal);
        var speakerIds = speech.Speakers.Concat(speakerStats.Keys).Distinct(StringComparer.Ordinal).ToList();
        return new SummaryDocument
        {
            JobId = outcome.JobId,
            Source = new SourceDto(outcome.Source.S3Bucket, outcome.Source.S3Key, outcome.Source.ETag, outcome.Source.LocalPath),
            Media = new MediaDto(
                outcome.MediaName, media.DurationSeconds, media.SizeBytes, media.Container, media.HasVideo, media.Width, media.Height, media.FrameRate,
                media.VideoCodec, media.HasAudio, media.AudioCodec, media.AudioSampleRate, media.AudioChannels),
            Engines = outcome.Engines.Select(e => new EngineDto(e.Stage, e.Name, e.Version, e.Settings)).ToList(),
            Speakers = speakerIds.Select(id => speakerStats.TryGetValue(id, out var s)
                ? new SpeakerDto(id, s.TalkSeconds, s.WordCount, s.Turns, s.Highlights.Select(Map).ToList())
                : new SpeakerDto(id, 0, 0, 0, [])).ToList(),
            Turns = speech.Turns.Select(t => new TurnDto(t.Speaker, t.Start, t.End)).ToList(),
            Segments = speech.Segments.Select(s => new SegmentDto(
                s.Speaker, s.Start, s.End, s.Text, s.Words.Select(w => new WordDto(w.Text, w.Start, w.End, w.Confidence)).ToList())).ToList(),
            Scenes = outcome.Scenes.Scenes.Select(s => new SceneDto(s.Index, s.Start, s.End, s.StartFrame, s.EndFrame, s.Keyframe)).ToList(),
            Chunks = outcome.Chunks.Select(c => new ChunkDto(
                c.Index, c.Start, c.End, c.Speakers, c.Scenes, c.FirstSentence, c.LastSentence, c.OverlapSentences, c.TokenCount, c.Text)).ToList(),
            Chapters = outcome.Summary.Chapters.Select(c => new ChapterDto(c.Index, c.Title, c.Start, c.End, c.Summary)).ToList(),
            Summary = new SummaryDto(outcome.Summary.Method, outcome.Summary.Overview, outcome.Summary.Highlights.Select(Map).ToList()),
            ActionItems = outcome.Summary.ActionItems.Select(a => new ActionItemDto(a.Text, a.Speaker, a.Start, a.End, a.Cue)).ToList(),
            Timings = outcome.Timings,
            Warnings = outcome.Warnings,
        };
    }

    private static HighlightDto Map(Highlight h) => new(h.Speaker, h.Start, h.End, h.Text);
}
