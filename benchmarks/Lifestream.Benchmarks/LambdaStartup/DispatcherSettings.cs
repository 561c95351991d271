using Lifestream.Core.Dispatching;

namespace Lifestream.Benchmarks.LambdaStartup;

/// <summary>The dispatcher's required settings (terraform/lambda.tf sets these in AWS) with benchmark values.</summary>
public static class DispatcherSettings
{
    public static Dictionary<string, string> For(string jobsTable, string idempotencyTable) => new(StringComparer.Ordinal)
    {
        [DispatcherEnvironmentVariables.JobsTableName] = jobsTable,
        [DispatcherEnvironmentVariables.IdempotencyTableName] = idempotencyTable,
        [DispatcherEnvironmentVariables.EcsCluster] = "lifestream-bench",
        [DispatcherEnvironmentVariables.EcsTaskDefinition] = "lifestream-processor:1",
        [DispatcherEnvironmentVariables.EcsContainerName] = "processor",
        [DispatcherEnvironmentVariables.EcsSubnets] = "subnet-00000000",
        [DispatcherEnvironmentVariables.EcsSecurityGroups] = "sg-00000000",
        [DispatcherEnvironmentVariables.VideosBucket] = "lifestream-bench-videos",
    };
}
