using Lifestream.Core.Jobs;

namespace Lifestream.Core.Retries;

/// <summary>What to do after an attempt failed: <see cref="RetryAfter"/> or <see cref="GiveUp"/>.</summary>
public abstract record RetryDecision(FailureCause Cause, string Reason)
{
    /// <summary>The job status the failed attempt leaves: retrying, or the terminal status of <see cref="GiveUp"/>.</summary>
    public abstract JobStatus JobStatus { get; }

    /// <summary>Retry: the next attempt should start no earlier than <paramref name="Delay"/> from now.</summary>
    public sealed record RetryAfter(FailureCause Cause, string Reason, TimeSpan Delay) : RetryDecision(Cause, Reason)
    {
        public override JobStatus JobStatus => JobStatus.Retrying;
    }

    /// <summary>Terminal: the job ends in <paramref name="TerminalStatus"/> and the claim is abandoned.</summary>
    public sealed record GiveUp(FailureCause Cause, string Reason, JobStatus TerminalStatus) : RetryDecision(Cause, Reason)
    {
        public override JobStatus JobStatus => TerminalStatus;
    }
}

/// <summary>
/// The one place that decides whether a failed attempt is retried: transient causes are, with exponential backoff,
/// while attempts remain (launch and processing attempts count alike — both are claim attempts); permanent causes
/// never are. Options are validated once, at construction.
/// </summary>
public sealed class RetryPolicy
{
    public RetryPolicy(int maxAttempts, TimeSpan baseDelay, TimeSpan maxDelay)
    {
        var problems = new List<string>();
        if (maxAttempts is < 1 or > 100)
        {
            problems.Add($"maxAttempts must be between 1 and 100 (was {maxAttempts}).");
        }

        if (baseDelay < TimeSpan.Zero || maxDelay < baseDelay)
        {
            problems.Add($"Retry delays must satisfy 0 <= baseDelay ({baseDelay}) <= maxDelay ({maxDelay}).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay;
        MaxDelay = maxDelay;
    }

    /// <summary>The first retry waits this long; each further one twice as long, up to <see cref="DefaultMaxDelay"/>.</summary>
    public static TimeSpan DefaultBaseDelay { get; } = TimeSpan.FromSeconds(30);

    public static TimeSpan DefaultMaxDelay { get; } = TimeSpan.FromMinutes(10);

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>The policy for a claim policy's MAX_ATTEMPTS with the default backoff.</summary>
    public static RetryPolicy For(Idempotency.IdempotencyOptions claimPolicy)
    {
        ArgumentNullException.ThrowIfNull(claimPolicy);
        return new RetryPolicy(claimPolicy.MaxAttempts, DefaultBaseDelay, DefaultMaxDelay);
    }

    public static bool IsTransient(FailureCause cause) => cause switch
    {
        FailureCause.LaunchFailed or FailureCause.TaskFailedToStart or FailureCause.TaskStoppedByPlatform or FailureCause.Interrupted
            or FailureCause.TimedOut or FailureCause.Throttled or FailureCause.TaskCrashed or FailureCause.ProcessingError => true,
        FailureCause.ObjectMissing or FailureCause.UnsafeKey or FailureCause.UnreadableMedia or FailureCause.OverLimits
            or FailureCause.SourceChanged or FailureCause.InvalidConfiguration or FailureCause.JobNotRunnable => false,
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "Unknown failure cause."),
    };

    /// <summary>The terminal job status a cause ends in when it is not (or no longer) retried.</summary>
    public static JobStatus TerminalStatusFor(FailureCause cause) => cause switch
    {
        FailureCause.Interrupted => JobStatus.Interrupted,
        FailureCause.TimedOut => JobStatus.TimedOut,

        // The upload itself is refused (UploadLimits, UploadKeyRule): permanent, and the uploader sees why.
        FailureCause.OverLimits or FailureCause.UnsafeKey => JobStatus.Rejected,
        _ => JobStatus.Failed,
    };

    /// <summary>Decides after attempt <paramref name="attempt"/> (1-based) failed with <paramref name="cause"/>.</summary>
    public RetryDecision Decide(FailureCause cause, int attempt, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (!IsTransient(cause))
        {
            return new RetryDecision.GiveUp(cause, reason, TerminalStatusFor(cause));
        }

        if (attempt >= MaxAttempts)
        {
            return new RetryDecision.GiveUp(cause, $"gave up after {attempt} attempt(s): {reason}", TerminalStatusFor(cause));
        }

        return new RetryDecision.RetryAfter(cause, reason, BackoffAfter(attempt));
    }

    /// <summary>BaseDelay · 2^(attempt−1), capped at MaxDelay.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var ticks = Math.Min(BaseDelay.Ticks * factor, MaxDelay.Ticks);
        return TimeSpan.FromTicks((long)ticks);
    }
}
