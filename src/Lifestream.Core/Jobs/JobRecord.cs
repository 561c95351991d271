namespace Lifestream.Core.Jobs;

/// <summary>
/// One row of the jobs table (key <c>job_id</c>; GSI <c>s3_key-index</c> on <c>s3_key</c>; sparse GSI
/// <c>owner-index</c> on <c>owner</c> for jobs created through the upload API).
/// </summary>
public sealed record JobRecord
{
    public required string JobId { get; init; }

    public required string S3Bucket { get; init; }

    public required string S3Key { get; init; }

    /// <summary>Unquoted ETag of the object version this job processes; null while only the upload was confirmed.</summary>
    public string? ETag { get; init; }

    public required JobStatus Status { get; init; }

    /// <summary>Who submitted the job through the upload API (the token's subject); null for jobs from S3 events.</summary>
    public string? Owner { get; init; }

    /// <summary>Pipeline stage the processor is in (e.g. "download", "asr"); null outside the processor.</summary>
    public string? CurrentStage { get; init; }

    /// <summary>The newest claim attempt recorded on the job (a launch, a start or a failure); fences older attempts.</summary>
    public int Attempts { get; init; }

    public string? TaskArn { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Human-readable reason for failed/timed_out/interrupted/rejected. Never contains secrets.</summary>
    public string? Error { get; init; }

    /// <summary>Keys of the result documents under <c>results/&lt;job_id&gt;/</c>.</summary>
    public IReadOnlyList<string> ResultKeys { get; init; } = [];

    /// <summary>Per-stage wall times in seconds, as reported by the processor.</summary>
    public IReadOnlyDictionary<string, double> StageTimings { get; init; } = new Dictionary<string, double>();

    /// <summary>While <see cref="JobStatus.Retrying"/>: the earliest instant the next attempt should start.</summary>
    public DateTimeOffset? RetryAt { get; init; }

    /// <summary>Compare-and-swap version: incremented by every write (0 for a record never written by a <see cref="JobStore"/>).</summary>
    public long Version { get; init; }

    /// <summary>Token of the call that wrote this version (<see cref="Persistence.WriteTokens"/>).</summary>
    public string? WriteToken { get; init; }
}
