namespace Lifestream.Core.Pipeline;

/// <summary>Where the video came from; recorded in summary.json.</summary>
public sealed record MediaSource
{
    public string? S3Bucket { get; init; }

    public string? S3Key { get; init; }

    public string? ETag { get; init; }

    /// <summary>Local path (CLI runs) or null.</summary>
    public string? LocalPath { get; init; }
}

/// <summary>Input of one pipeline run.</summary>
public sealed record PipelineRequest
{
    public required string JobId { get; init; }

    /// <summary>Local file (or URL ffmpeg can read) with the video.</summary>
    public required string MediaPath { get; init; }

    public required MediaSource Source { get; init; }

    /// <summary>Directory for intermediate files; the caller deletes it afterwards.</summary>
    public required string WorkDirectory { get; init; }

    /// <summary>Directory the documents are written to (summary.json, summary.md, …); created if missing.</summary>
    public required string OutputDirectory { get; init; }
}

/// <summary>A stage started or finished. Stage names are stable identifiers ("probe", "audio", "vad", "asr", …).</summary>
public sealed record StageProgress(string Stage, StageState State, TimeSpan Elapsed, string? Detail = null);

public enum StageState
{
    Started,
    Completed,
    Failed,
}

/// <summary>What a pipeline run produced: the documents in <see cref="PipelineRequest.OutputDirectory"/>.</summary>
public sealed record PipelineResult
{
    /// <summary>File names (relative to the output directory) of every document written.</summary>
    public required IReadOnlyList<string> Documents { get; init; }

    /// <summary>Per-stage wall times in seconds.</summary>
    public required IReadOnlyDictionary<string, double> StageTimings { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// The whole video → documents pipeline. One orchestrator serves both hosts (processor task and CLI).
/// Throws <see cref="OperationCanceledException"/> when cancelled and <see cref="PipelineException"/>
/// (with the failing stage) for bad input or stage failures.
/// </summary>
public interface IVideoPipeline
{
    Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken);
}
