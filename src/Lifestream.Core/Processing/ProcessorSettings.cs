using Lifestream.Core.Idempotency;

namespace Lifestream.Core.Processing;

/// <summary>Validated processor settings (see <see cref="ProcessorSettingsParser"/> for the environment contract).</summary>
public sealed record ProcessorSettings
{
    public required string JobId { get; init; }

    public required string S3Bucket { get; init; }

    /// <summary>The uploaded object's key. Untrusted: never used as a local path.</summary>
    public required string S3Key { get; init; }

    /// <summary>Unquoted ETag of the object version the claim is for.</summary>
    public required string ETag { get; init; }

    /// <summary>The claim attempt this task owns: the fencing token on every claim write.</summary>
    public required int ClaimAttempt { get; init; }

    /// <summary>Absolute directory under which the per-job directory is created.</summary>
    public required string WorkDir { get; init; }

    public required string JobsTableName { get; init; }

    public required string IdempotencyTableName { get; init; }

    /// <summary>Wall-time budget for the whole task, enforced by the runner.</summary>
    public required TimeSpan TaskTimeout { get; init; }

    /// <summary>Prefix under which results/&lt;job_id&gt;/ is written; "results/" by default.</summary>
    public string ResultsPrefix { get; init; } = ProcessorSettingsParser.DefaultResultsPrefix;

    /// <summary>How often the claim lease is renewed while the task runs (default: a third of the lease).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The claim policy the dispatcher launched this task with (lease length, attempts, record TTL).</summary>
    public IdempotencyOptions ClaimPolicy { get; init; } = new();

    /// <summary>
    /// Budget for the final bookkeeping (failure report, job and claim writes) after cancellation.
    /// ECS gives 30 s between SIGTERM and SIGKILL; this must stay well below that.
    /// </summary>
    public TimeSpan BookkeepingTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long after <see cref="TaskTimeout"/> the <see cref="ProcessorWatchdog"/> stops the task hard; longer than
    /// <see cref="BookkeepingTimeout"/> so a run that honours cancellation always finishes its own bookkeeping first.
    /// </summary>
    public TimeSpan WatchdogGrace { get; init; } = TimeSpan.FromSeconds(ProcessorSettingsParser.DefaultWatchdogGraceSeconds);

    public ProcessorPipelineSettings Pipeline { get; init; } = new();

    /// <summary>The limits the dispatcher admitted the object under (object size and disk need are checked here).</summary>
    public Uploads.UploadLimits Limits { get; init; } = new();

    /// <summary>Whether a streaming-capable pipeline may start on a presigned URL while the download runs.</summary>
    public bool StreamingIntake { get; init; } = true;

    public IdempotencyKey ClaimKey => new(S3Key, ETag);

    /// <summary>results/&lt;job_id&gt;/ (always ends with a slash).</summary>
    public string ResultsKeyPrefix => $"{ResultsPrefix}{JobId}/";
}

/// <summary>Pipeline engine settings passed through to the pipeline factory; validated for shape only here.</summary>
public sealed record ProcessorPipelineSettings
{
    public string? AsrEngine { get; init; }

    public string? WhisperModelPath { get; init; }

    public string? WhisperModelSha256 { get; init; }

    public string? SpeakerEmbeddingModelPath { get; init; }

    public string? VadModelPath { get; init; }
}
