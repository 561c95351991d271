namespace Lifestream.Aws.Ecs;

/// <summary>
/// ECS RunTask. Hand-written over AWSSDK.Core (<see cref="EcsRunTaskHttpClient"/>) because AWSSDK.ECS is not
/// available here; an AWSSDK.ECS-backed implementation can replace it without touching the launcher.
/// </summary>
public interface IEcsRunTaskClient
{
    /// <summary>Sends RunTask (retrying throttling and 5xx). Throws <see cref="EcsApiException"/> for API errors.</summary>
    Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken);
}
