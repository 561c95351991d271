namespace Lifestream.Core.Dispatching;

/// <summary>What the processor task needs to run one job; becomes container env overrides.</summary>
public sealed record TaskLaunchRequest
{
    public required string JobId { get; init; }

    public required string S3Bucket { get; init; }

    public required string S3Key { get; init; }

    public required string ETag { get; init; }

    public required int Attempt { get; init; }

    /// <summary>Environment variables for the processor (JOB_ID, S3_BUCKET, S3_KEY, table names, WORK_DIR, …).</summary>
    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>Idempotency token for the launch: the same job+attempt never starts two tasks.</summary>
    public required string ClientToken { get; init; }
}

/// <summary>The launched task (ECS task ARN, or a local process id).</summary>
public sealed record LaunchedTask(string TaskArn);

/// <summary>Starts one processor task. ECS RunTask in AWS; a child process locally.</summary>
public interface ITaskLauncher
{
    /// <summary>Launches or throws <see cref="TaskLaunchException"/> (nothing was started, or it is unknown).</summary>
    Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken);
}
