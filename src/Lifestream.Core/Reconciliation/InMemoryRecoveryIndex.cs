using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;

namespace Lifestream.Core.Reconciliation;

/// <summary>The sweeper's index over the in-memory stores (tests, single-process runs): the same sparse-index rules, evaluated on snapshots.</summary>
public sealed class InMemoryRecoveryIndex(InMemoryIdempotencyStore claims, InMemoryJobStore jobs) : IRecoveryIndex
{
    public Task<IReadOnlyList<IdempotencyKey>> FindExpiredClaimsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<IdempotencyKey> found = [.. claims.Snapshot()
            .Where(c => c.State is ClaimState.Dispatched or ClaimState.Running && c.LeaseExpiresAt is { } lease && lease < now)
            .OrderBy(c => c.LeaseExpiresAt)
            .Take(limit)
            .Select(c => IdempotencyKey.Parse(c.Key))];
        return Task.FromResult(found);
    }

    public Task<IReadOnlyList<string>> FindIdleOpenJobsAsync(DateTimeOffset idleSince, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> found = [.. jobs.Snapshot()
            .Where(j => !j.Status.IsTerminal() && j.UpdatedAt < idleSince)
            .OrderBy(j => j.UpdatedAt)
            .Take(limit)
            .Select(j => j.JobId)];
        return Task.FromResult(found);
    }
}
