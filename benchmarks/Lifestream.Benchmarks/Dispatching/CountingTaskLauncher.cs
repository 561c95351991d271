using System.Collections.Concurrent;
using Lifestream.Core.Dispatching;

namespace Lifestream.Benchmarks.Dispatching;

/// <summary>A launcher that starts nothing and counts launches per job attempt, to prove zero duplicates.</summary>
public sealed class CountingTaskLauncher : ITaskLauncher
{
    private readonly ConcurrentDictionary<string, int> launches = new(StringComparer.Ordinal);

    public int Total => launches.Values.Sum();

    public int Duplicates => launches.Values.Sum(n => n - 1);

    public Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        launches.AddOrUpdate($"{request.S3Key}|{request.ETag}", 1, (_, n) => n + 1);
        return Task.FromResult(new LaunchedTask($"noop:{request.JobId}:{request.Attempt}"));
    }

    public void Reset() => launches.Clear();
}
