using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.LocalAws.Launching;

namespace Lifestream.LocalAws.Faults;

/// <summary>
/// Wraps the local launcher and injects the launch-side faults of an upload's plan on its first launch: RunTask
/// failing before anything started, RunTask "timing out" after the task did start, the dispatcher dying between
/// claim and launch (see <see cref="DispatcherCrash"/>), and a real SIGKILL or SIGTERM of the started processor
/// after the plan's delay.
/// </summary>
public sealed class FaultInjectingLauncher(LocalProcessLauncher inner, Func<string, UploadFaults?> planFor, SoakFaultCounter counter) : ITaskLauncher
{
    private readonly ConcurrentDictionary<string, byte> fired = new(StringComparer.Ordinal);

    public async Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = planFor(request.S3Key);
        var fault = plan?.Faults
            .Where(f => f is SoakFault.RunTaskFailure or SoakFault.RunTaskTimeoutAfterStart or SoakFault.DispatcherCrash or SoakFault.ProcessorKill9 or SoakFault.ProcessorSigterm)
            .Cast<SoakFault?>()
            .FirstOrDefault();
        if (fault is null || !fired.TryAdd(request.S3Key, 0))
        {
            return await inner.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
        }

        counter.Add(fault.Value, request.S3Key);
        switch (fault.Value)
        {
            case SoakFault.RunTaskFailure:
                throw new TaskLaunchException("RunTask failed (injected): RESOURCE:MEMORY");
            case SoakFault.DispatcherCrash:
                DispatcherCrash.Crash();
                await Task.Delay(Timeout.Infinite, CancellationToken.None).ConfigureAwait(false);
                throw new UnreachableException();
            case SoakFault.RunTaskTimeoutAfterStart:
                await inner.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
                throw new TaskLaunchException("ECS RunTask timed out (injected, after the task started).");
            default:
                var task = await inner.LaunchAsync(request, cancellationToken).ConfigureAwait(false);
                var process = inner.Launched.First(p => p.TaskArn == task.TaskArn).Process;
                var signal = fault == SoakFault.ProcessorKill9 ? "-KILL" : "-TERM";
                _ = Task.Run(async () =>
                {
                    await Task.Delay(plan!.SignalDelay, CancellationToken.None).ConfigureAwait(false);
                    if (!process.HasExited)
                    {
                        counter.Touch(request.S3Key);
                        using var kill = Process.Start("kill", [signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
                        await kill.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                    }
                }, CancellationToken.None);
                return task;
        }
    }
}

/// <summary>
/// A dispatcher process dying mid-batch, in process: the launcher calls <see cref="Crash"/> and never returns; the
/// wrapped dispatch entry point stops waiting and reports every message of the batch unacknowledged, exactly what a
/// Lambda that died leaves behind (messages reappear after their visibility timeout; the claim stays dispatched).
/// </summary>
public static class DispatcherCrash
{
    private static readonly AsyncLocal<TaskCompletionSource?> Current = new();

    public static void Crash() => Current.Value?.TrySetResult();

    public static Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> Wrap(
        Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        return async (messages, cancellationToken) =>
        {
            var crashed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Current.Value = crashed;
            var work = dispatch(messages, cancellationToken);
            if (await Task.WhenAny(work, crashed.Task).ConfigureAwait(false) == work)
            {
                return await work.ConfigureAwait(false);
            }

            // The abandoned dispatch keeps its hung launch (as a dead process would never finish it).
            return new BatchDispatchResult([.. messages.Select(m => new MessageDispatchResult(m.MessageId, [new DispatchOutcome(DispatchOutcomeKind.RetryLater, "dispatcher crashed (injected)")]))]);
        };
    }
}

/// <summary>How often each fault was injected, and when each upload last had one (to time how fast it settles after it).</summary>
public sealed class SoakFaultCounter
{
    private readonly ConcurrentDictionary<SoakFault, long> counts = new();
    private readonly ConcurrentDictionary<string, long> lastFaultAt = new(StringComparer.Ordinal);

    public void Add(SoakFault fault, string key)
    {
        counts.AddOrUpdate(fault, 1, (_, n) => n + 1);
        Touch(key);
    }

    /// <summary>Marks the moment a fault of <paramref name="key"/> actually lands (a signal after its delay).</summary>
    public void Touch(string key) => lastFaultAt[key] = Stopwatch.GetTimestamp();

    public long this[SoakFault fault] => counts.GetValueOrDefault(fault);

    /// <summary>The <see cref="Stopwatch"/> timestamp of the upload's last fault, if it had one.</summary>
    public long? LastFaultAt(string key) => lastFaultAt.TryGetValue(key, out var at) ? at : null;
}
