using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;

namespace Lifestream.Aws.Ecs;

/// <summary>
/// Launches one Fargate processor task per claimed attempt through <see cref="IEcsRunTaskClient"/>. A response
/// with failures[] or without a task is a failure; so is any API error left after the client's retries.
/// </summary>
public sealed class EcsTaskLauncher : ITaskLauncher
{
    private readonly IEcsRunTaskClient client;
    private readonly EcsTaskLauncherOptions options;

    public EcsTaskLauncher(IEcsRunTaskClient client, EcsTaskLauncherOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems));

        this.client = client;
        this.options = options;
    }

    public RunTaskRequest BuildRequest(TaskLaunchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new RunTaskRequest
        {
            Cluster = options.Cluster,
            TaskDefinition = options.TaskDefinition,
            LaunchType = "FARGATE",
            Count = 1,
            StartedBy = options.StartedBy,
            ClientToken = request.ClientToken,
            NetworkConfiguration = new NetworkConfiguration(new AwsVpcConfiguration(options.Subnets, options.SecurityGroups, options.AssignPublicIp)),
            Overrides = new TaskOverride(
            [
                new ContainerOverride(
                    options.ContainerName,
                    [.. request.Environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => new EnvironmentVariable(e.Key, e.Value))]),
            ]),
        };
    }

    public async Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        RunTaskResponse response;
        try
        {
            response = await client.RunTaskAsync(BuildRequest(request), cancellationToken).ConfigureAwait(false);
        }
        catch (EcsApiException ex)
        {
            throw new TaskLaunchException(ex.Message, ex);
        }
        catch (HttpRequestException ex)
        {
            throw new TaskLaunchException($"ECS RunTask could not be reached: {ex.Message}", ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TaskLaunchException("ECS RunTask timed out.", ex);
        }

        if (response.Failures is { Count: > 0 } failures)
        {
            throw new TaskLaunchException("ECS RunTask reported failures: "
                + string.Join("; ", failures.Select(f => $"{f.Reason ?? "unknown"}{(f.Detail is null ? string.Empty : $" ({f.Detail})")}{(f.Arn is null ? string.Empty : $" [{f.Arn}]")}")));
        }

        var task = response.Tasks?.FirstOrDefault(t => !string.IsNullOrEmpty(t.TaskArn))
            ?? throw new TaskLaunchException("ECS RunTask returned no task and no failure.");
        return new LaunchedTask(task.TaskArn!);
    }
}
