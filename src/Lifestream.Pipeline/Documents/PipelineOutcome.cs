using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Summarization;

namespace Lifestream.Pipeline.Documents;

/// <summary>Everything one pipeline run produced; the documents are views of it.</summary>
public sealed record PipelineOutcome
{
    public required string JobId { get; init; }

    public required MediaSource Source { get; init; }

    /// <summary>File name of the input (for titles and the RTTM file id).</summary>
    public required string MediaName { get; init; }

    public required MediaInfo Media { get; init; }

    public required SpeechResult Speech { get; init; }

    public required SceneResult Scenes { get; init; }

    public required IReadOnlyList<TranscriptChunk> Chunks { get; init; }

    public required SummaryResult Summary { get; init; }

    /// <summary>Engines of every stage (speech, scenes, chunking, summary).</summary>
    public required IReadOnlyList<EngineInfo> Engines { get; init; }

    /// <summary>Wall seconds per stage plus "total".</summary>
    public required IReadOnlyDictionary<string, double> Timings { get; init; }

    public required IReadOnlyList<string> Warnings { get; init; }
}
