namespace Lifestream.Core.Dispatching;

/// <summary>
/// The dispatcher's environment contract; terraform/lambda.tf sets exactly these plus the ECS adapter's
/// names (Lifestream.Aws.Ecs.EcsEnvironmentVariables). A contract test checks the names. The limits
/// (<see cref="Uploads.UploadLimits.Variables"/>) are read too.
/// </summary>
public static class DispatcherEnvironmentVariables
{
    public const string JobsTableName = "JOBS_TABLE_NAME";
    public const string IdempotencyTableName = "IDEMPOTENCY_TABLE_NAME";
    public const string ClaimLeaseSeconds = "CLAIM_LEASE_SECONDS";
    public const string MaxAttempts = "MAX_ATTEMPTS";
    public const string ClaimTtlDays = "CLAIM_TTL_DAYS";
    public const string TaskTimeoutSeconds = "TASK_TIMEOUT_SECONDS";
    public const string ProcessorWorkDir = "PROCESSOR_WORK_DIR";

    /// <summary>
    /// The one bucket uploads arrive in: the dispatcher rejects records naming any other, and the sweeper needs it
    /// for a claim whose job record was never written.
    /// </summary>
    public const string VideosBucket = "VIDEOS_BUCKET";
}
