using Lifestream.Core.Idempotency;

namespace Lifestream.Tests.Unit.Core.Processing.Fakes;

/// <summary>
/// In-memory claim store with attempt fencing: every write by the processor must name the job and the
/// attempt that currently own the claim. Hooks let a test take the claim away or make calls throw.
/// </summary>
internal sealed class FakeIdempotencyStore : IIdempotencyStore
{
    private readonly object gate = new();
    private readonly Dictionary<string, ClaimRecord> records = new(StringComparer.Ordinal);

    public int RenewCalls { get; private set; }

    /// <summary>Set to make TryRenewLeaseAsync report a lost lease (another attempt took over).</summary>
    public bool LoseLeaseOnRenew { get; set; }

    public Exception? ThrowOnMarkRunning { get; set; }

    public void Put(ClaimRecord claim)
    {
        lock (gate)
        {
            records[claim.Key] = claim;
        }
    }

    public ClaimRecord Get(IdempotencyKey key)
    {
        lock (gate)
        {
            return records[key.Value];
        }
    }

    public Task<ClaimRecord?> GetAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.GetValueOrDefault(key.Value));
        }
    }

    public Task<ClaimOutcome> TryClaimAsync(IdempotencyKey key, string jobId, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The processor never claims; the dispatcher does.");

    public Task<bool> TryMarkRunningAsync(IdempotencyKey key, string jobId, int attempt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (ThrowOnMarkRunning is { } error)
        {
            throw error;
        }

        return Task.FromResult(Transition(key, jobId, attempt, [ClaimState.Dispatched], c => c with { State = ClaimState.Running }));
    }

    public Task<bool> TryRenewLeaseAsync(IdempotencyKey key, string jobId, int attempt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            RenewCalls++;
            if (LoseLeaseOnRenew && records.TryGetValue(key.Value, out var current))
            {
                // A newer attempt took over after our lease expired.
                records[key.Value] = current with { Attempt = current.Attempt + 1, State = ClaimState.Dispatched };
            }
        }

        return Task.FromResult(Transition(key, jobId, attempt, [ClaimState.Running], c => c));
    }

    public Task<bool> TryMarkProcessedAsync(IdempotencyKey key, string jobId, int attempt, string resultS3Key, CancellationToken cancellationToken) =>
        Task.FromResult(Transition(key, jobId, attempt, [ClaimState.Running], c => c with { State = ClaimState.Processed, ResultS3Key = resultS3Key }));

    public Task<bool> TryMarkFailedAsync(IdempotencyKey key, string jobId, int attempt, string reason, CancellationToken cancellationToken) =>
        Task.FromResult(Transition(key, jobId, attempt, [ClaimState.Dispatched, ClaimState.Running], c => c with { State = ClaimState.Failed, Error = reason }));

    public Task<bool> TryMarkAbandonedAsync(IdempotencyKey key, string jobId, int attempt, string reason, CancellationToken cancellationToken) =>
        Task.FromResult(Transition(key, jobId, attempt, [ClaimState.Dispatched, ClaimState.Running], c => c with { State = ClaimState.Abandoned, Error = reason }));

    private bool Transition(IdempotencyKey key, string jobId, int attempt, ClaimState[] from, Func<ClaimRecord, ClaimRecord> change)
    {
        lock (gate)
        {
            if (!records.TryGetValue(key.Value, out var current) || current.JobId != jobId || current.Attempt != attempt || !from.Contains(current.State))
            {
                return false;
            }

            records[key.Value] = change(current);
            return true;
        }
    }
}
