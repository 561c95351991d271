using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Summarization;

/// <summary>Everything a summarizer may use.</summary>
public sealed record SummaryInput
{
    public required IReadOnlyList<TranscriptSentence> Sentences { get; init; }

    public required IReadOnlyList<TranscriptChunk> Chunks { get; init; }

    public required IReadOnlyList<Scene> Scenes { get; init; }

    public required IReadOnlyList<TranscriptSegment> Segments { get; init; }

    public required double DurationSeconds { get; init; }
}

/// <summary>A sentence picked as important, with who said it and when.</summary>
public sealed record Highlight(string Speaker, double Start, double End, string Text);

/// <summary>A titled part of the video.</summary>
public sealed record Chapter(int Index, string Title, double Start, double End, string Summary);

/// <summary>Per-speaker statistics and highlights.</summary>
public sealed record SpeakerSummary(string Speaker, double TalkSeconds, int WordCount, int Turns, IReadOnlyList<Highlight> Highlights);

/// <summary>A commitment or task found in the transcript; <see cref="Cue"/> is the phrase that marked it.</summary>
public sealed record ActionItem(string Text, string Speaker, double Start, double End, string Cue);

/// <summary>Output of a summarizer.</summary>
public sealed record SummaryResult
{
    /// <summary>"extractive-textrank" or "llm-map-reduce".</summary>
    public required string Method { get; init; }

    public required string Overview { get; init; }

    public required IReadOnlyList<Highlight> Highlights { get; init; }

    public required IReadOnlyList<Chapter> Chapters { get; init; }

    public required IReadOnlyList<SpeakerSummary> Speakers { get; init; }

    public required IReadOnlyList<ActionItem> ActionItems { get; init; }

    public required EngineInfo Engine { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Turns a transcript (and its chunks and scenes) into a summary.</summary>
public interface ISummarizer
{
    Task<SummaryResult> SummarizeAsync(SummaryInput input, CancellationToken cancellationToken);
}
