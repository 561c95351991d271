namespace Lifestream.Core.Dispatching;

/// <summary>
/// The dispatcher Lambda's environment contract; terraform/lambda.tf sets exactly these.
/// A contract test checks the names.
/// </summary>
public static class DispatcherEnvironmentVariables
{
    public const string JobsTableName = "JOBS_TABLE_NAME";
    public const string IdempotencyTableName = "IDEMPOTENCY_TABLE_NAME";
    public const string EcsCluster = "ECS_CLUSTER";
    public const string EcsTaskDefinition = "ECS_TASK_DEFINITION";
    public const string EcsContainerName = "ECS_CONTAINER_NAME";

    /// <summary>Comma-separated subnet ids.</summary>
    public const string EcsSubnets = "ECS_SUBNETS";

    /// <summary>Comma-separated security group ids.</summary>
    public const string EcsSecurityGroups = "ECS_SECURITY_GROUPS";

    /// <summary>"ENABLED" or "DISABLED".</summary>
    public const string EcsAssignPublicIp = "ECS_ASSIGN_PUBLIC_IP";

    public const string ClaimLeaseSeconds = "CLAIM_LEASE_SECONDS";
    public const string MaxAttempts = "MAX_ATTEMPTS";
    public const string ClaimTtlDays = "CLAIM_TTL_DAYS";
    public const string TaskTimeoutSeconds = "TASK_TIMEOUT_SECONDS";
    public const string ProcessorWorkDir = "PROCESSOR_WORK_DIR";

    /// <summary>The uploads bucket: the sweeper needs it for a claim whose job record was never written.</summary>
    public const string VideosBucket = "VIDEOS_BUCKET";
}
