using Lifestream.Aws.Ecs;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Dispatcher.Lambda;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Unit.Dispatcher.Lambda;

public class LambdaCompositionTests
{
    [Fact]
    public void Empty_environment_reports_every_required_setting_in_one_error()
    {
        var ex = Assert.Throws<DispatcherConfigurationException>(() =>
            LambdaComposition.CreateHandler(new EnvironmentReader(_ => null), NullLoggerFactory.Instance, TimeProvider.System));

        foreach (var name in new[]
        {
            DispatcherEnvironmentVariables.JobsTableName, DispatcherEnvironmentVariables.IdempotencyTableName,
            EcsEnvironmentVariables.Cluster, EcsEnvironmentVariables.TaskDefinition,
            EcsEnvironmentVariables.ContainerName, EcsEnvironmentVariables.Subnets,
            EcsEnvironmentVariables.SecurityGroups, DispatcherEnvironmentVariables.VideosBucket, "AWS_REGION",
        })
        {
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Complete_environment_builds_a_handler_without_calling_aws()
    {
        var env = new Dictionary<string, string>
        {
            ["JOBS_TABLE_NAME"] = "jobs",
            ["IDEMPOTENCY_TABLE_NAME"] = "idem",
            ["ECS_CLUSTER"] = "c",
            ["ECS_TASK_DEFINITION"] = "td:1",
            ["ECS_CONTAINER_NAME"] = "processor",
            ["ECS_SUBNETS"] = "subnet-1, subnet-2",
            ["ECS_SECURITY_GROUPS"] = "sg-1",
            ["VIDEOS_BUCKET"] = "videos",
            ["AWS_REGION"] = "eu-west-1",
        };

        var handler = LambdaComposition.CreateHandler(new EnvironmentReader(env.GetValueOrDefault), NullLoggerFactory.Instance, TimeProvider.System);

        Assert.NotNull(handler);
    }
}
