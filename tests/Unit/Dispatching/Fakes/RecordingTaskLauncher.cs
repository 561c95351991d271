using System.Collections.Concurrent;
using Lifestream.Core.Dispatching;

namespace Lifestream.Tests.Unit.Dispatching.Fakes;

/// <summary>Records launches; can fail the next N launches or block until released.</summary>
internal sealed class RecordingTaskLauncher : ITaskLauncher
{
    private int failuresLeft;
    private int attempts;

    public ConcurrentQueue<TaskLaunchRequest> Launches { get; } = new();

    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Launch calls, failed or not.</summary>
    public int Attempts => attempts;

    public void FailNext(int count) => failuresLeft = count;

    public async Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        Interlocked.Increment(ref attempts);
        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new TaskLaunchException("RunTask failed: RESOURCE:CPU");
        }

        Launches.Enqueue(request);
        return new LaunchedTask($"arn:aws:ecs:eu-west-1:123456789012:task/cluster/{request.JobId}-{request.Attempt}");
    }
}
