using System.Collections.Concurrent;
using Lifestream.Core.Dispatching;

namespace Lifestream.Tests;

/// <summary>
/// The one test double for <see cref="ITaskLauncher"/> (unit and integration tests, the dispatch benchmark): starts
/// nothing, records every launch and counts them per upload version (to prove no duplicate launch), and can fail
/// the next N launches or block until released.
/// </summary>
internal sealed class RecordingTaskLauncher : ITaskLauncher
{
    /// <summary>What a failed launch says (ECS's reason code and its meaning).</summary>
    public const string FailureReason = "RunTask failed: RESOURCE:CPU (capacity unavailable)";

    private readonly ConcurrentDictionary<string, int> perUpload = new(StringComparer.Ordinal);
    private int failuresLeft;
    private int calls;

    public ConcurrentQueue<TaskLaunchRequest> Launches { get; } = new();

    /// <summary>When set, launches wait for it (or for cancellation) before deciding.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Every call, failed ones included.</summary>
    public int Calls => Volatile.Read(ref calls);

    /// <summary>Successful launches.</summary>
    public int Total => perUpload.Values.Sum();

    /// <summary>Successful launches beyond the first for the same key and ETag.</summary>
    public int Duplicates => perUpload.Values.Sum(n => n - 1);

    public void FailNext(int count) => Volatile.Write(ref failuresLeft, count);

    public void Reset()
    {
        perUpload.Clear();
        Launches.Clear();
    }

    public async Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Interlocked.Increment(ref calls);
        if (Gate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (Interlocked.Decrement(ref failuresLeft) >= 0)
        {
            throw new TaskLaunchException(FailureReason);
        }

        Launches.Enqueue(request);
        perUpload.AddOrUpdate($"{request.S3Key}|{request.ETag}", 1, (_, n) => n + 1);
        return new LaunchedTask($"local:{request.JobId}:{request.Attempt}");
    }
}
