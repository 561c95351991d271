using Lifestream.Core.Jobs;

namespace Lifestream.Core.Uploads;

/// <summary>What a caller sees of one of its jobs.</summary>
public sealed record JobView
{
    public required string JobId { get; init; }

    public required string FileName { get; init; }

    /// <summary>Wire name of the status (queued, dispatched, running, succeeded, …).</summary>
    public required string Status { get; init; }

    public string? Stage { get; init; }

    /// <summary>0 … 1: an estimate from the stages completed so far; 1 once terminal.</summary>
    public required double Progress { get; init; }

    public required int Attempts { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Wall seconds per completed stage.</summary>
    public required IReadOnlyDictionary<string, double> StageTimings { get; init; }

    public string? Error { get; init; }

    public required bool Terminal { get; init; }

    /// <summary>While <see cref="JobStatus.Retrying"/>: the earliest start of the next attempt.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Result documents by name relative to <c>results/&lt;job_id&gt;/</c> (e.g. summary.json, keyframes/scene-001.jpg).</summary>
    public required IReadOnlyList<string> Documents { get; init; }

    /// <summary>Changes whenever anything above changes (hosts derive an ETag from it).</summary>
    public required string Version { get; init; }

    public static JobView From(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var prefix = UploadNaming.ResultsPrefix(job.JobId);
        return new JobView
        {
            JobId = job.JobId,
            FileName = job.S3Key[(job.S3Key.LastIndexOf('/') + 1)..],
            Status = job.Status.ToWire(),
            Stage = job.CurrentStage,
            Progress = JobProgress.Estimate(job),
            Attempts = job.Attempts,
            CreatedAt = job.CreatedAt,
            UpdatedAt = job.UpdatedAt,
            StageTimings = job.StageTimings,
            Error = job.Error,
            Terminal = job.Status.IsTerminal(),
            RetryAt = job.Status == JobStatus.Retrying ? job.RetryAt : null,
            Documents = job.Status == JobStatus.Succeeded
                ? [.. job.ResultKeys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k[prefix.Length..])]
                : [],
            Version = string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{job.UpdatedAt.UtcTicks:x}-{(int)job.Status}-{job.StageTimings.Count}-{job.CurrentStage?.Length ?? 0}"),
        };
    }
}

/// <summary>A page of the caller's jobs; <see cref="NextCursor"/> is null on the last page.</summary>
public sealed record JobViewPage(IReadOnlyList<JobView> Jobs, string? NextCursor);

/// <summary>
/// Progress as a fraction of the stages a full run reports (the processor's lifecycle stages and the pipeline's).
/// An estimate for a progress bar, not a promise: stages differ in length.
/// </summary>
public static class JobProgress
{
    public static readonly IReadOnlyList<string> ExpectedStages =
        ["claim", "download", "probe", "audio", "vad", "asr", "diarization", "attribution", "scenes", "keyframes", "chunking", "summary", "documents", "upload"];

    /// <summary>A running job never shows more than this, so the bar only fills when the job is done.</summary>
    public const double RunningCeiling = 0.95;

    public static double Estimate(JobRecord job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status.IsTerminal())
        {
            return 1.0;
        }

        if (job.Status != JobStatus.Running)
        {
            return 0.0;
        }

        var done = job.StageTimings.Keys.Count(ExpectedStages.Contains);
        return Math.Round(Math.Min(RunningCeiling, (double)done / ExpectedStages.Count), 3);
    }
}
