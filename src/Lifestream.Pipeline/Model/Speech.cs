using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Model;

/// <summary>A time span in seconds from the start of the media.</summary>
public readonly record struct TimeRange(double Start, double End)
{
    public double Duration => End - Start;

    public double Overlap(TimeRange other) => Math.Max(0, Math.Min(End, other.End) - Math.Max(Start, other.Start));
}

/// <summary>A recognized word with timing (seconds) and confidence in [0, 1].</summary>
public sealed record RecognizedWord(string Text, double Start, double End, double Confidence);

/// <summary>A speaker turn from diarization (RTTM-compatible). Speaker labels are "S1", "S2", ….</summary>
public sealed record SpeakerTurn(string Speaker, double Start, double End);

/// <summary>Consecutive words of one speaker.</summary>
public sealed record TranscriptSegment(string Speaker, double Start, double End, string Text, IReadOnlyList<RecognizedWord> Words);

/// <summary>Name, version and settings of an engine used by a stage (recorded in summary.json).</summary>
public sealed record EngineInfo(string Stage, string Name, string Version, IReadOnlyDictionary<string, string> Settings);

/// <summary>Output of the audio branch: extraction → VAD → ASR → diarization → attribution.</summary>
public sealed record SpeechResult
{
    public required IReadOnlyList<TimeRange> SpeechRegions { get; init; }

    public required IReadOnlyList<SpeakerTurn> Turns { get; init; }

    public required IReadOnlyList<TranscriptSegment> Segments { get; init; }

    public required IReadOnlyList<string> Speakers { get; init; }

    public IReadOnlyList<EngineInfo> Engines { get; init; } = [];

    public IReadOnlyList<string> Warnings { get; init; } = [];

    public IReadOnlyDictionary<string, double> StageTimings { get; init; } = new Dictionary<string, double>();

    public static SpeechResult Empty(string warning) => new()
    {
        SpeechRegions = [],
        Turns = [],
        Segments = [],
        Speakers = [],
        Warnings = [warning],
    };
}

/// <summary>The audio branch as one unit, so the orchestrator can run it beside the video branch.</summary>
public interface ISpeechAnalyzer
{
    Task<SpeechResult> AnalyzeAsync(string mediaPath, MediaInfo media, string workDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken);
}
