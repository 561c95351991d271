using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;

namespace Lifestream.Core.Reconciliation;

/// <summary>What recovery does about one ended (or lost) attempt.</summary>
public enum RecoveryAction
{
    /// <summary>Nothing: the attempt no longer owns the claim, or it already finalised the job.</summary>
    Ignore,

    /// <summary>
    /// The attempt still owns the claim and its job is open: record the failure through the one retry policy
    /// (<see cref="Retries.AttemptFailureRecorder"/>), then launch the next attempt if it decided to retry.
    /// </summary>
    RecordFailure,

    /// <summary>The attempt still owns the claim but its job is already terminal: abandon the claim.</summary>
    ReleaseClaim,

    /// <summary>The attempt (or its launch) already recorded a retry (claim <c>failed</c>) and the job is open: launch the next attempt.</summary>
    Relaunch,

    /// <summary>The claim was abandoned (the retry policy gave up) but the job is still open: make the job <c>failed</c>.</summary>
    GiveUp,

    /// <summary>The job succeeded but the claim is still live: mark the claim processed.</summary>
    CompleteClaim,

    /// <summary>The claim is processed but the job is still open: mark the job succeeded.</summary>
    CompleteJob,
}

/// <summary>A decision and why.</summary>
public sealed record RecoveryDecision(RecoveryAction Action, string Reason);

/// <summary>
/// The reconciler's and sweeper's rule, pure so every case is testable on its own (docs/state-machines.md,
/// "Recovery"). The claim's <c>(job_id, attempt)</c> is the fence: only an attempt that still owns the claim, or
/// that released it while its job stayed open, is acted on. Whether to retry is not decided here but by
/// <see cref="Retries.RetryPolicy"/>, for the processor, the dispatcher and recovery alike.
/// </summary>
public static class AttemptRecoveryRules
{
    public static RecoveryDecision Decide(StoppedAttempt attempt, AttemptStop stop, ClaimRecord? claim, JobRecord? job)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(stop);
        if (claim is null)
        {
            return new(RecoveryAction.Ignore, $"no claim for {attempt.ClaimKey}");
        }

        if (!string.Equals(claim.JobId, attempt.JobId, StringComparison.Ordinal))
        {
            return new(RecoveryAction.Ignore, $"claim {attempt.ClaimKey} belongs to job {claim.JobId}");
        }

        if (claim.Attempt != attempt.Attempt)
        {
            return new(RecoveryAction.Ignore, $"attempt {attempt.Attempt} was superseded by attempt {claim.Attempt} ({claim.State.ToWire()})");
        }

        // A missing job is open: a dispatcher died between claiming and creating it, and the next launch creates it.
        var jobOpen = job is null || !job.Status.IsTerminal();
        switch (claim.State)
        {
            case ClaimState.Processed:
                return jobOpen && job is not null
                    ? new(RecoveryAction.CompleteJob, $"claim is processed ({claim.ResultS3Key}) but job is {job.Status.ToWire()}")
                    : new(RecoveryAction.Ignore, "the attempt finalised: claim processed");
            case ClaimState.Dispatched or ClaimState.Running:
                if (job?.Status == JobStatus.Succeeded)
                {
                    return new(RecoveryAction.CompleteClaim, "job succeeded but its claim was left live");
                }

                return jobOpen
                    ? new(RecoveryAction.RecordFailure, $"attempt {attempt.Attempt} ended ({stop.Cause}): {stop.Reason}")
                    : new(RecoveryAction.ReleaseClaim, $"job is already {job!.Status.ToWire()}; releasing the claim");
            case ClaimState.Failed:
                return jobOpen
                    ? new(RecoveryAction.Relaunch, $"attempt {attempt.Attempt} failed ({claim.Error ?? stop.Reason}); retrying")
                    : new(RecoveryAction.Ignore, $"the attempt finalised: job {job!.Status.ToWire()}");
            case ClaimState.Abandoned:
                return jobOpen
                    ? new(RecoveryAction.GiveUp, claim.Error ?? $"attempt {attempt.Attempt} was abandoned: {stop.Reason}")
                    : new(RecoveryAction.Ignore, $"the attempt finalised: job {job!.Status.ToWire()}");
            default:
                throw new ArgumentOutOfRangeException(nameof(claim), claim.State, "Unknown claim state.");
        }
    }
}
