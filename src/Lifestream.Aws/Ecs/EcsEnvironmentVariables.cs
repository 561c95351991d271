namespace Lifestream.Aws.Ecs;

/// <summary>
/// Where the ECS task launcher starts processor tasks; terraform/lambda.tf sets these on the dispatcher next
/// to Lifestream.Core's DispatcherEnvironmentVariables. A contract test checks the names.
/// </summary>
public static class EcsEnvironmentVariables
{
    public const string Cluster = "ECS_CLUSTER";
    public const string TaskDefinition = "ECS_TASK_DEFINITION";
    public const string ContainerName = "ECS_CONTAINER_NAME";

    /// <summary>Comma-separated subnet ids.</summary>
    public const string Subnets = "ECS_SUBNETS";

    /// <summary>Comma-separated security group ids.</summary>
    public const string SecurityGroups = "ECS_SECURITY_GROUPS";

    /// <summary>"ENABLED" or "DISABLED".</summary>
    public const string AssignPublicIp = "ECS_ASSIGN_PUBLIC_IP";
}
