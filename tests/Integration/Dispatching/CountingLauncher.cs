using System.Collections.Concurrent;
using Lifestream.Core.Dispatching;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>A no-op launcher that records launches (ECS has no emulator here) and can fail on demand.</summary>
internal sealed class CountingLauncher : ITaskLauncher
{
    private int failuresLeft;

    public ConcurrentQueue<TaskLaunchRequest> Launches { get; } = new();

    public int Calls;

    public void FailNext(int count) => Volatile.Write(ref failuresLeft, count);

    public async Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        await Task.Yield();
        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new TaskLaunchException("RunTask failed: capacity unavailable");
        }

        Launches.Enqueue(request);
        return new LaunchedTask($"local:{request.JobId}:{request.Attempt}");
    }
}
