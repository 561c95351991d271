namespace Lifestream.Core.Idempotency;

/// <summary>What a dispatcher may do with an existing claim (docs/state-machines.md).</summary>
public enum ClaimDecision
{
    /// <summary>Absent, dispatched/running with an expired lease, or failed with attempts left.</summary>
    Claimable,

    /// <summary>Terminal success.</summary>
    AlreadyProcessed,

    /// <summary>Dispatched/running with an unexpired lease.</summary>
    LeaseHeld,

    /// <summary>Failed and no attempts left.</summary>
    AttemptsExhausted,

    /// <summary>Given up by its last owner (permanent cause or last attempt): terminal.</summary>
    Abandoned,
}

/// <summary>The claim state machine's take-over rule, pure so it is testable on its own.</summary>
public static class ClaimRules
{
    /// <summary>States in which an attempt holds a lease (a task may be working).</summary>
    public static IReadOnlySet<ClaimState> Live { get; } = new HashSet<ClaimState> { ClaimState.Dispatched, ClaimState.Running };

    /// <summary>States no transition leaves.</summary>
    public static IReadOnlySet<ClaimState> Terminal { get; } = new HashSet<ClaimState> { ClaimState.Processed, ClaimState.Abandoned };

    public static ClaimDecision Evaluate(ClaimRecord? current, DateTimeOffset now, int maxAttempts)
    {
        if (current is null)
        {
            return ClaimDecision.Claimable;
        }

        return current.State switch
        {
            ClaimState.Processed => ClaimDecision.AlreadyProcessed,
            ClaimState.Dispatched or ClaimState.Running => IsLeaseExpired(current, now) ? ClaimDecision.Claimable : ClaimDecision.LeaseHeld,
            ClaimState.Failed => current.Attempt < maxAttempts ? ClaimDecision.Claimable : ClaimDecision.AttemptsExhausted,
            ClaimState.Abandoned => ClaimDecision.Abandoned,
            _ => throw new ArgumentOutOfRangeException(nameof(current), current.State, "Unknown claim state."),
        };
    }

    /// <summary>A lease is expired at its expiry instant (a missing lease counts as expired).</summary>
    public static bool IsLeaseExpired(ClaimRecord record, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.LeaseExpiresAt is not { } expiry || expiry <= now;
    }
}
