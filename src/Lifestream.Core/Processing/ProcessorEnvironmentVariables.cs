namespace Lifestream.Core.Processing;

/// <summary>
/// The processor task's environment contract. The dispatcher sets these as container overrides;
/// the task definition in terraform/ecs.tf sets the static ones. A contract test checks the names.
/// </summary>
public static class ProcessorEnvironmentVariables
{
    public const string JobId = "JOB_ID";
    public const string S3Bucket = "S3_BUCKET";
    public const string S3Key = "S3_KEY";

    /// <summary>Unquoted ETag of the object version the claim is for.</summary>
    public const string S3ETag = "S3_ETAG";

    /// <summary>The claim attempt (fencing token) this task owns.</summary>
    public const string ClaimAttempt = "CLAIM_ATTEMPT";

    public const string WorkDir = "WORK_DIR";
    public const string JobsTableName = "JOBS_TABLE_NAME";
    public const string IdempotencyTableName = "IDEMPOTENCY_TABLE_NAME";
    public const string TaskTimeoutSeconds = "TASK_TIMEOUT_SECONDS";
    public const string ResultsPrefix = "RESULTS_PREFIX";

    /// <summary>
    /// Seconds between claim lease renewals while the task runs. Default: a third of CLAIM_LEASE_SECONDS (which
    /// the dispatcher passes, with MAX_ATTEMPTS and CLAIM_TTL_DAYS; default 900). Must be shorter than the lease.
    /// </summary>
    public const string LeaseRenewSeconds = "LEASE_RENEW_SECONDS";

    /// <summary>Seconds after TASK_TIMEOUT_SECONDS before the watchdog kills the children and exits 124 (default 30).</summary>
    public const string WatchdogGraceSeconds = "WATCHDOG_GRACE_SECONDS";

    /// <summary>Pipeline engine settings (see the pipeline options for values).</summary>
    public const string AsrEngine = "LIFESTREAM_ASR_ENGINE";
    public const string WhisperModelPath = "LIFESTREAM_WHISPER_MODEL";
    public const string WhisperModelSha256 = "LIFESTREAM_WHISPER_MODEL_SHA256";
    public const string SpeakerEmbeddingModelPath = "LIFESTREAM_SPEAKER_MODEL";
    public const string VadModelPath = "LIFESTREAM_VAD_MODEL";

    /// <summary>"true" (default) or "false": let a streaming-capable pipeline read a presigned URL while the download runs.</summary>
    public const string StreamingIntake = "LIFESTREAM_STREAMING_INTAKE";

    public const string DefaultWorkDir = "/tmp";
}
