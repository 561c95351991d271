using Lifestream.Core.Idempotency;

namespace Lifestream.Core.Reconciliation;

/// <summary>The sweeper's queries over the sparse indexes of <see cref="RecoveryIndexSchema"/>.</summary>
public interface IRecoveryIndex
{
    /// <summary>Dispatched/running claims whose lease expired before <paramref name="now"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<IdempotencyKey>> FindExpiredClaimsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Ids of open jobs last updated before <paramref name="idleSince"/>, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<string>> FindIdleOpenJobsAsync(DateTimeOffset idleSince, int limit, CancellationToken cancellationToken);
}
