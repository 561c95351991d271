using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Retries;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// The hard stop behind the runner's deadline. Cancellation only works where a stage looks at its token; a native
/// call (a model load on a hung file system, a decoder spinning on a hostile input) may never return, and the task
/// (and its bill) would live until ECS stops it. At <c>TASK_TIMEOUT_SECONDS</c> plus a grace period that covers the
/// runner's own bookkeeping, this kills the task's child processes, records the job <c>timed_out</c> and the claim
/// failed (both fenced by the claim attempt, within a short budget), deletes the attempt's work directories and exits
/// with <see cref="ProcessorExitCode.TimedOut"/>, whatever the stuck stage is doing. It runs on a timer thread, so a
/// stage blocking the thread that awaits the runner does not stop it.
/// </summary>
public sealed class ProcessorWatchdog : IDisposable
{
    /// <summary>Time the last-gasp job and claim writes get before the process exits anyway.</summary>
    public static readonly TimeSpan BookkeepingBudget = TimeSpan.FromSeconds(10);

    private readonly ProcessorSettings settings;
    private readonly IJobStore jobs;
    private readonly IIdempotencyStore claims;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly Action<ProcessorExitCode> exit;
    private readonly Func<int> killChildren;
    private readonly Lock gate = new();
    private ITimer? timer;
    private bool finished;

    public ProcessorWatchdog(
        ProcessorSettings settings,
        IJobStore jobs,
        IIdempotencyStore claims,
        ILogger logger,
        TimeProvider time,
        Action<ProcessorExitCode> exit,
        Func<int>? killChildren = null)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.exit = exit ?? throw new ArgumentNullException(nameof(exit));
        this.killChildren = killChildren ?? ChildProcesses.KillAll;
    }

    /// <summary>When the watchdog fires, measured from <see cref="Arm"/>.</summary>
    public TimeSpan FiresAfter => settings.TaskTimeout + settings.WatchdogGrace;

    /// <summary>Set once the watchdog has fired (the exit action ran).</summary>
    public Task Fired => fired.Task;

    private readonly TaskCompletionSource fired = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Arm()
    {
        lock (gate)
        {
            timer ??= time.CreateTimer(_ => _ = FireAsync(), null, FiresAfter, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The run returned in time: the watchdog stands down.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            finished = true;
            timer?.Dispose();
        }
    }

    private async Task FireAsync()
    {
        lock (gate)
        {
            if (finished)
            {
                return;
            }
        }

        try
        {
            logger.LogCritical(
                "Job {JobId} attempt {Attempt}: still running {Grace} s after TASK_TIMEOUT_SECONDS={Timeout}; a stage ignores cancellation. Killing child processes and exiting with {Code}.",
                settings.JobId,
                settings.ClaimAttempt,
                settings.WatchdogGrace.TotalSeconds,
                settings.TaskTimeout.TotalSeconds,
                (int)ProcessorExitCode.TimedOut);
            var killed = killChildren();
            logger.LogWarning("Watchdog killed {Count} child process(es).", killed);
            await RecordTimedOutAsync().ConfigureAwait(false);
            DeleteWorkDirectories();
        }
        catch (Exception ex)
        {
            logger.LogError("Watchdog clean-up failed before exiting: {Error}", SecretRedactor.Redact(ex.Message));
        }
        finally
        {
            fired.TrySetResult();
            exit(ProcessorExitCode.TimedOut);
        }
    }

    private async Task RecordTimedOutAsync()
    {
        using var budget = new CancellationTokenSource(BookkeepingBudget, time);
        var reason = SecretRedactor.RedactAndTruncate(
            $"watchdog: TaskTimeout: still running {settings.WatchdogGrace.TotalSeconds:0} s after TASK_TIMEOUT_SECONDS={settings.TaskTimeout.TotalSeconds:0}; the task was stopped hard.");
        try
        {
            if (!await claims.TryRenewLeaseAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, budget.Token).ConfigureAwait(false))
            {
                logger.LogWarning("Watchdog: claim {Key} is no longer owned by attempt {Attempt}; leaving the job to its owner.", settings.ClaimKey, settings.ClaimAttempt);
                return;
            }

            // The same record a deadline inside the runner makes: timed out is transient, so RetryPolicy decides
            // between retrying (attempts left) and a terminal timed_out.
            var failed = new FailedAttempt { Cause = FailureCause.TimedOut, Reason = reason };
            await new AttemptFailureRecorder(claims, jobs, RetryPolicy.For(settings.ClaimPolicy), time)
                .RecordAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, failed, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError("Watchdog could not record job {JobId} timed_out: {Error}", settings.JobId, SecretRedactor.Redact(ex.Message));
        }
    }

    private void DeleteWorkDirectories()
    {
        foreach (var directory in Directory.EnumerateDirectories(settings.WorkDir, JobWorkspace.DirectoryPattern(settings.JobId, settings.ClaimAttempt)))
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning("Watchdog could not delete {Directory}: {Error}", directory, ex.Message);
            }
        }
    }
}
