using Lifestream.Aws.Ecs;
using Lifestream.Core.Dispatching;

namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>The dispatcher's required settings (terraform/lambda.tf sets these in AWS) with benchmark values.</summary>
public static class DispatcherSettings
{
    public static Dictionary<string, string> For(string jobsTable, string idempotencyTable) => new(StringComparer.Ordinal)
    {
        [DispatcherEnvironmentVariables.JobsTableName] = jobsTable,
        [DispatcherEnvironmentVariables.IdempotencyTableName] = idempotencyTable,
        [EcsEnvironmentVariables.Cluster] = "lifestream-bench",
        [EcsEnvironmentVariables.TaskDefinition] = "lifestream-processor:1",
        [EcsEnvironmentVariables.ContainerName] = "processor",
        [EcsEnvironmentVariables.Subnets] = "subnet-00000000",
        [EcsEnvironmentVariables.SecurityGroups] = "sg-00000000",
        [DispatcherEnvironmentVariables.VideosBucket] = "lifestream-bench-videos",
    };
}
