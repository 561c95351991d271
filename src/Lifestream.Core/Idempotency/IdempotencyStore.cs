using Lifestream.Core.Configuration;
using Lifestream.Core.Persistence;

namespace Lifestream.Core.Idempotency;

/// <summary>
/// The claim state machine (docs/state-machines.md), independent of where claims are stored.
/// Every transition is "read, decide with <see cref="ClaimRules"/>, then one compare-and-swap write":
/// the persistence layer only inserts-if-absent or replaces-if-unchanged, so racing dispatchers and
/// late tasks are resolved by the store's condition, never by in-memory state. Every write carries a fresh
/// write token; a write whose condition failed is still ours when the record the store found carries that
/// token (the SDK re-sent a request that had already applied, and the re-send lost against our own write).
/// </summary>
public abstract class IdempotencyStore : IIdempotencyStore
{
    /// <summary>A lost compare-and-swap is retried after a re-read this many times before giving up.</summary>
    private const int MaxRounds = 5;

    protected IdempotencyStore(IdempotencyOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options = options.ThrowIfInvalid(problems => new InvalidIdempotencyOptionsException(problems));
        TimeProvider = timeProvider;
    }

    public IdempotencyOptions Options { get; }

    protected TimeProvider TimeProvider { get; }

    public Task<ClaimRecord?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
        ReadAsync(key, cancellationToken);

    public async Task<ClaimOutcome> TryClaimAsync(IdempotencyKey key, string jobId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);

        // Optimistic first round: most keys are new, so insert-if-absent before reading. One conditional write
        // decides a fresh claim (instead of a read plus a write); a lost insert falls through to read-and-decide.
        var fresh = NewDispatchedClaim(key, jobId, attempt: 1, TimeProvider.GetUtcNow());
        if (await InsertAsync(fresh, cancellationToken).ConfigureAwait(false))
        {
            return new ClaimOutcome.Claimed(fresh, fresh.Attempt);
        }

        for (var round = 0; round < MaxRounds; round++)
        {
            var current = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            var now = TimeProvider.GetUtcNow();
            switch (ClaimRules.Evaluate(current, now, Options.MaxAttempts))
            {
                case ClaimDecision.AlreadyProcessed:
                    return new ClaimOutcome.AlreadyProcessed(current!);
                case ClaimDecision.LeaseHeld:
                    return new ClaimOutcome.InProgress(current!);
                case ClaimDecision.AttemptsExhausted:
                    return new ClaimOutcome.AttemptsExhausted(current!);
                case ClaimDecision.Abandoned:
                    return new ClaimOutcome.Abandoned(current!);
            }

            if (current is null)
            {
                var first = NewDispatchedClaim(key, jobId, attempt: 1, now);
                if (await InsertAsync(first, cancellationToken).ConfigureAwait(false))
                {
                    return new ClaimOutcome.Claimed(first, first.Attempt);
                }

                continue;
            }

            // A re-taken claim keeps its job: the object version is the same, only the attempt (fencing token) moves on.
            var next = NewDispatchedClaim(key, current.JobId, current.Attempt + 1, now);
            if (await ReplaceAsync(next, ClaimVersion.Of(current), cancellationToken).ConfigureAwait(false))
            {
                return new ClaimOutcome.Claimed(next, next.Attempt);
            }
        }

        throw new ClaimContentionException($"Claim '{key}' changed under us {MaxRounds} times in a row.");
    }

    public Task<bool> TryMarkRunningAsync(IdempotencyKey key, string jobId, int attempt, CancellationToken cancellationToken) =>
        TryOwnerTransitionAsync(
            key,
            jobId,
            attempt,
            [ClaimState.Dispatched],
            (current, now) => current with
            {
                State = ClaimState.Running,
                LeaseExpiresAt = now + Options.LeaseDuration,
                UpdatedAt = now,
                ExpiresAtEpochSeconds = TimeToLive(now),
            },
            cancellationToken);

    public Task<bool> TryRenewLeaseAsync(IdempotencyKey key, string jobId, int attempt, CancellationToken cancellationToken) =>
        TryOwnerTransitionAsync(
            key,
            jobId,
            attempt,
            ClaimRules.Live,
            (current, now) => current with
            {
                LeaseExpiresAt = now + Options.LeaseDuration,
                UpdatedAt = now,
                ExpiresAtEpochSeconds = TimeToLive(now),
            },
            cancellationToken);

    public Task<bool> TryMarkProcessedAsync(IdempotencyKey key, string jobId, int attempt, string resultS3Key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(resultS3Key);
        return TryOwnerTransitionAsync(
            key,
            jobId,
            attempt,
            ClaimRules.Live,
            (current, now) => current with
            {
                State = ClaimState.Processed,
                LeaseExpiresAt = null,
                ResultS3Key = resultS3Key,
                Error = null,
                UpdatedAt = now,
                ExpiresAtEpochSeconds = TimeToLive(now),
            },
            cancellationToken,
            endState: ClaimState.Processed);
    }

    public Task<bool> TryMarkFailedAsync(IdempotencyKey key, string jobId, int attempt, string reason, CancellationToken cancellationToken) =>
        TryMarkEndedAsync(key, jobId, attempt, ClaimState.Failed, reason, cancellationToken);

    public Task<bool> TryMarkAbandonedAsync(IdempotencyKey key, string jobId, int attempt, string reason, CancellationToken cancellationToken) =>
        TryMarkEndedAsync(key, jobId, attempt, ClaimState.Abandoned, reason, cancellationToken);

    /// <summary>The stored claim, or null when absent.</summary>
    protected abstract Task<ClaimRecord?> ReadAsync(IdempotencyKey key, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="record"/> only if no record with its key exists; on failure returns the stored one.</summary>
    protected abstract Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored record with <paramref name="replacement"/> only if the stored record still matches
    /// <paramref name="expected"/> (<see cref="ClaimVersion.Matches"/>); on failure returns the stored one (if any).
    /// </summary>
    protected abstract Task<ConditionalWrite<ClaimRecord>> TryReplaceAsync(ClaimRecord replacement, ClaimVersion expected, CancellationToken cancellationToken);

    private async Task<bool> InsertAsync(ClaimRecord record, CancellationToken cancellationToken) =>
        WriteTokens.IsOurs(await TryInsertAsync(record, cancellationToken).ConfigureAwait(false), record.WriteToken!, c => c.WriteToken);

    private async Task<bool> ReplaceAsync(ClaimRecord replacement, ClaimVersion expected, CancellationToken cancellationToken) =>
        WriteTokens.IsOurs(await TryReplaceAsync(replacement, expected, cancellationToken).ConfigureAwait(false), replacement.WriteToken!, c => c.WriteToken);

    private Task<bool> TryMarkEndedAsync(IdempotencyKey key, string jobId, int attempt, ClaimState ended, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return TryOwnerTransitionAsync(
            key,
            jobId,
            attempt,
            ClaimRules.Live,
            (current, now) => current with
            {
                State = ended,
                LeaseExpiresAt = null,
                Error = reason,
                UpdatedAt = now,
                ExpiresAtEpochSeconds = TimeToLive(now),
            },
            cancellationToken,
            endState: ended);
    }

    private async Task<bool> TryOwnerTransitionAsync(
        IdempotencyKey key,
        string jobId,
        int attempt,
        IReadOnlyCollection<ClaimState> from,
        Func<ClaimRecord, DateTimeOffset, ClaimRecord> transition,
        CancellationToken cancellationToken,
        ClaimState? endState = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        for (var round = 0; round < MaxRounds; round++)
        {
            var current = await ReadAsync(key, cancellationToken).ConfigureAwait(false);
            if (endState is { } ended && current is not null && current.State == ended && current.Attempt == attempt
                && string.Equals(current.JobId, jobId, StringComparison.Ordinal))
            {
                // This attempt already ended so (our own earlier call whose answer was lost, or a reconciler acting
                // for it): ending it again is a no-op, so a caller retrying its bookkeeping is not told "not yours".
                return true;
            }

            if (current is null || current.Attempt != attempt || !string.Equals(current.JobId, jobId, StringComparison.Ordinal)
                || !from.Contains(current.State))
            {
                // Not (or no longer) the owner: a newer attempt fenced us off, or the claim moved on.
                return false;
            }

            var next = transition(current, TimeProvider.GetUtcNow()) with { WriteToken = WriteTokens.New() };
            if (await ReplaceAsync(next, ClaimVersion.Of(current), cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        throw new ClaimContentionException($"Claim '{key}' (attempt {attempt}) changed under us {MaxRounds} times in a row.");
    }

    private ClaimRecord NewDispatchedClaim(IdempotencyKey key, string jobId, int attempt, DateTimeOffset now) => new()
    {
        Key = key.Value,
        State = ClaimState.Dispatched,
        JobId = jobId,
        Attempt = attempt,
        LeaseExpiresAt = now + Options.LeaseDuration,
        UpdatedAt = now,
        ExpiresAtEpochSeconds = TimeToLive(now),
        WriteToken = WriteTokens.New(),
    };

    private long TimeToLive(DateTimeOffset now) => (now + Options.RecordTimeToLive).ToUnixTimeSeconds();
}
