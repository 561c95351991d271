using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Documents;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Tests.Unit.Pipeline.Documents;

/// <summary>A small deterministic run (3 speakers, 3 scenes) built through the real chunker and summarizer.</summary>
internal static class SampleOutcome
{
    public static readonly (string Speaker, double Start, double End, string Text)[] Lines =
    [
        ("S1", 0.5, 5.4, "Good morning everyone. Let us review the launch plan for the new video service."),
        ("S2", 6.1, 11.9, "Thanks. The upload pipeline is finished and the first customers can try it next week."),
        ("S3", 12.6, 16.6, "I am worried about the cost of the processing cluster during peak hours."),
        ("S1", 17.3, 22.4, "That is a fair point. We need to measure the cost per hour of video before the launch."),
        ("S2", 23.1, 27.0, "I will write the cost report and send it to the team by Friday."),
        ("S3", 27.7, 32.5, "Should we also record a short demo <video> for the customers?"),
    ];

    public static IReadOnlyList<TranscriptSegment> Segments() =>
        Lines.Select(l => new TranscriptSegment(l.Speaker, l.Start, l.End, l.Text, Words(l.Start, l.End, l.Text))).ToList();

    public static PipelineOutcome Build()
    {
        var segments = Segments();
        var speech = new SpeechResult
        {
            SpeechRegions = segments.Select(s => new TimeRange(s.Start, s.End)).ToList(),
            Turns = segments.Select(s => new SpeakerTurn(s.Speaker, s.Start, s.End)).ToList(),
            Segments = segments,
            Speakers = ["S1", "S2", "S3"],
            Engines = [new EngineInfo("asr", "fake", "0", new Dictionary<string, string>())],
        };
        var scenes = new SceneResult
        {
            Scenes = [new Scene(1, 0, 8, 0, 199) { Keyframe = "keyframes/scene-001.jpg" }, new Scene(2, 8, 19, 200, 474) { Keyframe = "keyframes/scene-002.jpg" }, new Scene(3, 19, 34, 475, 849) { Keyframe = "keyframes/scene-003.jpg" }],
        };
        var sentences = SentenceSplitter.Split(segments);
        var chunks = new TranscriptChunker(new Cl100kTokenCounter(), new ChunkingOptions { MaxTokens = 64, OverlapTokens = 16 }).Chunk(sentences, scenes.Scenes);
        var summary = new ExtractiveSummarizer().Summarize(new SummaryInput { Sentences = sentences, Chunks = chunks, Scenes = scenes.Scenes, Segments = segments, DurationSeconds = 34 });
        return new PipelineOutcome
        {
            JobId = "job-1",
            Source = new MediaSource { LocalPath = "/videos/meeting demo.mp4" },
            MediaName = "meeting demo.mp4",
            Media = new MediaInfo { DurationSeconds = 34, SizeBytes = 1000, Container = "mov,mp4", HasVideo = true, Width = 640, Height = 360, FrameRate = 25, VideoCodec = "h264", HasAudio = true, AudioCodec = "aac", AudioSampleRate = 16000, AudioChannels = 1 },
            Speech = speech,
            Scenes = scenes,
            Chunks = chunks,
            Summary = summary,
            Engines = [.. speech.Engines, summary.Engine],
            Timings = new Dictionary<string, double> { ["scenes"] = 1.5, ["total"] = 3.25 },
            Warnings = ["example warning"],
        };
    }

    /// <summary>Evenly spaced word timings across the segment.</summary>
    private static List<RecognizedWord> Words(double start, double end, string text)
    {
        var words = text.Split(' ');
        var step = (end - start) / words.Length;
        return words.Select((w, i) => new RecognizedWord(w, Math.Round(start + (i * step), 3), Math.Round(start + ((i + 1) * step) - 0.05, 3), 0.9)).ToList();
    }
}
