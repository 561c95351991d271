namespace Lifestream.Core.Idempotency;

/// <summary>
/// The claim state machine on <c>s3_key|etag</c> (docs/state-machines.md). Implementations decide
/// every transition by a single conditional write, so racing dispatchers and late tasks resolve
/// in the store, never in memory.
/// </summary>
public interface IIdempotencyStore
{
    Task<ClaimRecord?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken);

    /// <summary>
    /// Takes the claim for <paramref name="jobId"/> when it is absent, dispatched/running with an expired
    /// lease, or failed with attempts left. Exactly one of several concurrent callers wins.
    /// </summary>
    Task<ClaimOutcome> TryClaimAsync(IdempotencyKey key, string jobId, CancellationToken cancellationToken);

    /// <summary>dispatched → running for the owning attempt, with a fresh lease. False if no longer owned.</summary>
    Task<bool> TryMarkRunningAsync(IdempotencyKey key, string jobId, int attempt, CancellationToken cancellationToken);

    /// <summary>Extends the lease of the owning attempt (heartbeat). False if no longer owned.</summary>
    Task<bool> TryRenewLeaseAsync(IdempotencyKey key, string jobId, int attempt, CancellationToken cancellationToken);

    /// <summary>→ processed (terminal) for the owning attempt. False if no longer owned.</summary>
    Task<bool> TryMarkProcessedAsync(IdempotencyKey key, string jobId, int attempt, string resultS3Key, CancellationToken cancellationToken);

    /// <summary>→ failed (retryable while attempts remain) for the owning attempt. False if no longer owned.</summary>
    Task<bool> TryMarkFailedAsync(IdempotencyKey key, string jobId, int attempt, string reason, CancellationToken cancellationToken);

    /// <summary>→ abandoned (terminal: never reclaimed) for the owning attempt. False if no longer owned.</summary>
    Task<bool> TryMarkAbandonedAsync(IdempotencyKey key, string jobId, int attempt, string reason, CancellationToken cancellationToken);
}

/// <summary>Result of <see cref="IIdempotencyStore.TryClaimAsync"/>.</summary>
public abstract record ClaimOutcome
{
    private ClaimOutcome()
    {
    }

    /// <summary>This caller owns the claim for <paramref name="Attempt"/>.</summary>
    public sealed record Claimed(ClaimRecord Record, int Attempt) : ClaimOutcome;

    /// <summary>Already processed: nothing to do.</summary>
    public sealed record AlreadyProcessed(ClaimRecord Record) : ClaimOutcome;

    /// <summary>Another dispatcher or task holds an unexpired lease.</summary>
    public sealed record InProgress(ClaimRecord Record) : ClaimOutcome;

    /// <summary>Failed too often: no more automatic attempts.</summary>
    public sealed record AttemptsExhausted(ClaimRecord Record) : ClaimOutcome;

    /// <summary>Given up for a permanent cause (or on its last attempt): the job is terminal.</summary>
    public sealed record Abandoned(ClaimRecord Record) : ClaimOutcome;
}
