using System.Text.Json;
using System.Text.Json.Serialization;

namespace Lifestream.Pipeline.Documents;

/// <summary>
/// summary.json, schema version <see cref="CurrentSchemaVersion"/> (docs/schema/summary.schema.json).
/// Times are seconds from the start of the media; frames are 0-based; scene indices 1-based.
/// Additive changes bump the minor version, breaking ones the major.
/// </summary>
public sealed record SummaryDocument
{
    public const string CurrentSchemaVersion = "1.0";

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public string SchemaVersion { get; init; } = CurrentSchemaVersion;

    public required string JobId { get; init; }

    public required SourceDto Source { get; init; }

    public required MediaDto Media { get; init; }

    public required IReadOnlyList<EngineDto> Engines { get; init; }

    public required IReadOnlyList<SpeakerDto> Speakers { get; init; }

    public required IReadOnlyList<TurnDto> Turns { get; init; }

    public required IReadOnlyList<SegmentDto> Segments { get; init; }

    public required IReadOnlyList<SceneDto> Scenes { get; init; }

    public required IReadOnlyList<ChunkDto> Chunks { get; init; }

    public required IReadOnlyList<ChapterDto> Chapters { get; init; }

    public required SummaryDto Summary { get; init; }

    public required IReadOnlyList<ActionItemDto> ActionItems { get; init; }

    /// <summary>Wall seconds per stage, plus "total".</summary>
    public required IReadOnlyDictionary<string, double> Timings { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }

    public sealed record SourceDto(string? Bucket, string? Key, string? ETag, string? Path);

    public sealed record MediaDto(
        string Name, double DurationSeconds, long SizeBytes, string? Container, bool HasVideo, int Width, int Height, double FrameRate,
        string? VideoCodec, bool HasAudio, string? AudioCodec, int AudioSampleRate, int AudioChannels);

    public sealed record EngineDto(string Stage, string Name, string Version, IReadOnlyDictionary<string, string> Settings);

    public sealed record SpeakerDto(string Id, double TalkSeconds, int WordCount, int Turns, IReadOnlyList<HighlightDto> Highlights);

    public sealed record TurnDto(string Speaker, double Start, double End);

    public sealed record WordDto(string Text, double Start, double End, double Confidence);

    public sealed record SegmentDto(string Speaker, double Start, double End, string Text, IReadOnlyList<WordDto> Words);

    public sealed record SceneDto(int Index, double Start, double End, long StartFrame, long EndFrame, string? Keyframe);

    public sealed record ChunkDto(
        int Index, double Start, double End, IReadOnlyList<string> Speakers, IReadOnlyList<int> Scenes,
        int FirstSentence, int LastSentence, int OverlapSentences, int TokenCount, string Text);

    public sealed record ChapterDto(int Index, string Title, double Start, double End, string Summary);

    public sealed record HighlightDto(string Speaker, double Start, double End, string Text);

    public sealed record SummaryDto(string Method, string Overview, IReadOnlyList<HighlightDto> Highlights);

    public sealed record ActionItemDto(string Text, string Speaker, double Start, double End, string Cue);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
