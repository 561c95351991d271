using Lifestream.Core.Persistence;

namespace Lifestream.Core.Idempotency;

/// <summary>
/// Claims in process memory, for tests and single-process local runs. Compare-and-swap under one lock gives
/// the same single-winner guarantee as DynamoDB's condition expressions. Records are not expired by TTL
/// (DynamoDB's TTL deletion is lazy too; nothing may depend on it). Not sealed so tests can widen race windows.
/// </summary>
public class InMemoryIdempotencyStore : IdempotencyStore
{
    private readonly Dictionary<string, ClaimRecord> records = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public InMemoryIdempotencyStore(IdempotencyOptions options, TimeProvider timeProvider)
        : base(options, timeProvider)
    {
    }

    /// <summary>Every stored record (diagnostics and tests).</summary>
    public IReadOnlyList<ClaimRecord> Snapshot()
    {
        lock (gate)
        {
            return [.. records.Values];
        }
    }

    protected override Task<ClaimRecord?> ReadAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(records.GetValueOrDefault(key.Value));
        }
    }

    protected override Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            return Task.FromResult(records.TryAdd(record.Key, record)
                ? ConditionalWrite.Written<ClaimRecord>()
                : ConditionalWrite.Rejected<ClaimRecord>(records[record.Key]));
        }
    }

    protected override Task<ConditionalWrite<ClaimRecord>> TryReplaceAsync(ClaimRecord replacement, ClaimVersion expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replacement);
        ArgumentNullException.ThrowIfNull(expected);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (!records.TryGetValue(replacement.Key, out var stored) || !expected.Matches(stored))
            {
                return Task.FromResult(ConditionalWrite.Rejected<ClaimRecord>(stored));
            }

            records[replacement.Key] = replacement;
            return Task.FromResult(ConditionalWrite.Written<ClaimRecord>());
        }
    }
}
