using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;

namespace Lifestream.Core.Reconciliation;

/// <summary>What recovery does about one ended (or lost) attempt.</summary>
public enum RecoveryAction
{
    /// <summary>Nothing: the attempt no longer owns the claim, or it already finalised the job.</summary>
    Ignore,

    /// <summary>The attempt still owns the claim: fail it (fenced), then launch the next attempt.</summary>
    FailAttemptAndRetry,

    /// <summary>The attempt still owns the claim: fail it (fenced), then make the job terminal <c>failed</c>.</summary>
    FailAttemptAndGiveUp,

    /// <summary>The attempt already released the claim as failed, the job is still open: launch the next attempt.</summary>
    Retry,

    /// <summary>The attempt already released the claim as failed, the job is still open: make the job <c>failed</c>.</summary>
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
/// that released it as failed while its job stayed open, is acted on.
/// </summary>
public static class AttemptRecoveryRules
{
    public static RecoveryDecision Decide(
        StoppedAttempt attempt, AttemptStop stop, ClaimRecord? claim, JobRecord? job, int maxAttempts, IAttemptRetryPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(stop);
        ArgumentNullException.ThrowIfNull(policy);
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

        var jobOpen = job is null || RecoveryStatuses.IsOpen(job.Status);
        var attemptsLeft = attempt.Attempt < maxAttempts;

        // A clean exit that left the claim live or the job open did not finish its bookkeeping: worth another attempt.
        var effective = stop.Kind == AttemptStopKind.Completed ? stop with { Kind = AttemptStopKind.Unfinished } : stop;
        var retry = policy.IsTransient(effective) && attemptsLeft;
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

                if (!jobOpen)
                {
                    return new(RecoveryAction.FailAttemptAndGiveUp, $"job is already {job!.Status.ToWire()}; releasing the claim");
                }

                return retry
                    ? new(RecoveryAction.FailAttemptAndRetry, Explain(stop, attempt, maxAttempts, retrying: true))
                    : new(RecoveryAction.FailAttemptAndGiveUp, Explain(stop, attempt, maxAttempts, retrying: false));
            case ClaimState.Failed:
                if (!jobOpen)
                {
                    return new(RecoveryAction.Ignore, $"the attempt finalised: job {job!.Status.ToWire()}");
                }

                return retry
                    ? new(RecoveryAction.Retry, Explain(stop, attempt, maxAttempts, retrying: true))
                    : new(RecoveryAction.GiveUp, Explain(stop, attempt, maxAttempts, retrying: false));
            default:
                throw new ArgumentOutOfRangeException(nameof(claim), claim.State, "Unknown claim state.");
        }
    }

    private static string Explain(AttemptStop stop, StoppedAttempt attempt, int maxAttempts, bool retrying) =>
        retrying
            ? $"attempt {attempt.Attempt}/{maxAttempts} ended ({stop.Kind}): {stop.Reason}; retrying"
            : attempt.Attempt >= maxAttempts
                ? $"gave up after {attempt.Attempt} attempt(s); last: {stop.Kind}: {stop.Reason}"
                : $"attempt {attempt.Attempt} ended with a permanent cause ({stop.Kind}): {stop.Reason}";
}
