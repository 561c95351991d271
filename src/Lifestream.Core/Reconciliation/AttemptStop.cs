using Lifestream.Core.Processing;

namespace Lifestream.Core.Reconciliation;

/// <summary>Why an attempt ended, as far as the platform (or the sweeper) can tell.</summary>
public enum AttemptStopKind
{
    /// <summary>Exit 0: the processor finished (or found the version already processed).</summary>
    Completed,

    /// <summary>Exit 1: the processor ran and recorded a failure itself (its own classification stands).</summary>
    ProcessorFailed,

    /// <summary>Exit 2: the task's environment was invalid; a retry gets the same environment.</summary>
    InvalidSettings,

    /// <summary>Exit 3: the processor believed it did not own the claim (possibly an ambiguous write).</summary>
    ClaimNotOwned,

    /// <summary>Exit 124: TASK_TIMEOUT_SECONDS elapsed.</summary>
    TimedOut,

    /// <summary>Exit 143: SIGTERM (ECS StopTask, Fargate maintenance, spot interruption).</summary>
    Interrupted,

    /// <summary>Killed without a say (SIGKILL, OOM, exit 137) or any other exit code.</summary>
    Killed,

    /// <summary>No exit code: the task never started or the platform stopped it (TaskFailedToStart, CannotPullContainerError, host loss).</summary>
    PlatformStopped,

    /// <summary>The sweeper found the claim's lease expired: the task died and its stop event never arrived.</summary>
    LeaseExpired,

    /// <summary>The claim is failed but the job is not final: an earlier failure nobody acted on (launch failure, lost event).</summary>
    Unfinished,
}

/// <summary>A classified stop: the kind and a human-readable reason for the job record.</summary>
public sealed record AttemptStop(AttemptStopKind Kind, string Reason)
{
    public static AttemptStop From(TaskStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var kind = change.ExitCode switch
        {
            null => AttemptStopKind.PlatformStopped,
            (int)ProcessorExitCode.Success => AttemptStopKind.Completed,
            (int)ProcessorExitCode.Failed => AttemptStopKind.ProcessorFailed,
            (int)ProcessorExitCode.InvalidSettings => AttemptStopKind.InvalidSettings,
            (int)ProcessorExitCode.ClaimNotOwned => AttemptStopKind.ClaimNotOwned,
            (int)ProcessorExitCode.TimedOut => AttemptStopKind.TimedOut,
            (int)ProcessorExitCode.Interrupted => AttemptStopKind.Interrupted,
            _ => AttemptStopKind.Killed,
        };
        return new AttemptStop(kind, change.Describe());
    }
}

/// <summary>
/// Whether a stopped attempt is worth another one. The seam the reconciler and the sweeper ask, so the one
/// retry-by-cause policy of the system can answer for them (see docs/reliability.md).
/// </summary>
public interface IAttemptRetryPolicy
{
    bool IsTransient(AttemptStop ended);
}

/// <summary>
/// Platform causes are transient (the same task on a fresh host usually succeeds); what the processor decided
/// itself (a recorded failure, invalid settings) is not. A completed task never needs a retry.
/// </summary>
public sealed class TaskStopRetryPolicy : IAttemptRetryPolicy
{
    public static TaskStopRetryPolicy Instance { get; } = new();

    public bool IsTransient(AttemptStop ended)
    {
        ArgumentNullException.ThrowIfNull(ended);
        return ended.Kind is AttemptStopKind.ClaimNotOwned or AttemptStopKind.TimedOut or AttemptStopKind.Interrupted
            or AttemptStopKind.Killed or AttemptStopKind.PlatformStopped or AttemptStopKind.LeaseExpired or AttemptStopKind.Unfinished;
    }
}
