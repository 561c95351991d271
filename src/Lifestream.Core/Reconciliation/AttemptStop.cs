using Lifestream.Core.Idempotency;
using Lifestream.Core.Retries;

namespace Lifestream.Core.Reconciliation;

/// <summary>
/// Why an attempt ended, as far as the platform (or the sweeper) can tell: a <see cref="FailureCause"/> for
/// <see cref="RetryPolicy"/> (the one place that decides retries) and a human-readable reason for the job record.
/// </summary>
public sealed record AttemptStop(FailureCause Cause, string Reason)
{
    /// <summary>
    /// A stopped task, classified by <see cref="TaskStop"/>. A clean exit only reaches recovery when the attempt left
    /// its claim live or its job open, i.e. it did not finish its bookkeeping: that counts as a crash.
    /// </summary>
    public static AttemptStop From(TaskStateChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var reasons = string.Join("; ", new[] { change.StoppedReason, change.ContainerReason }.Where(r => !string.IsNullOrWhiteSpace(r)));
        var stop = new TaskStop(change.StopCode, reasons.Length > 0 ? reasons : null, change.ExitCode);
        return new AttemptStop(stop.Classify() ?? FailureCause.TaskCrashed, change.Describe());
    }

    /// <summary>The sweeper found the claim's lease expired: the task died and its stop event never arrived.</summary>
    public static AttemptStop LeaseExpired(ClaimRecord claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new AttemptStop(
            FailureCause.TaskCrashed,
            $"the lease of attempt {claim.Attempt} ({claim.State.ToWire()}) expired at {claim.LeaseExpiresAt:O} with no stop reported");
    }
}
