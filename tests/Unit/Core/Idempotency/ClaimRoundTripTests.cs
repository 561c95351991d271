using Lifestream.Core.Idempotency;
using Lifestream.Core.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Idempotency;

/// <summary>
/// Store round trips per claim: the dispatcher's throughput is bounded by them (each is a DynamoDB request),
/// so a new key must be decided by one conditional insert, and only a key seen before costs a read.
/// </summary>
public class ClaimRoundTripTests
{
    private static readonly IdempotencyKey Key = new("uploads/trips.mp4", "e1");
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(5), MaxAttempts = 3 };

    [Fact]
    public async Task A_new_key_is_claimed_by_one_insert_without_a_read()
    {
        var store = new CountingStore(Policy, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));

        var outcome = await store.TryClaimAsync(Key, "job-1", default);

        Assert.IsType<ClaimOutcome.Claimed>(outcome);
        Assert.Equal((Reads: 0, Inserts: 1, Replaces: 0), store.Trips);
    }

    [Fact]
    public async Task A_held_key_costs_the_failed_insert_and_one_read_and_keeps_its_job()
    {
        var store = new CountingStore(Policy, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        await store.TryClaimAsync(Key, "job-1", default);
        store.ResetCounts();

        var outcome = await store.TryClaimAsync(Key, "job-2", default);

        var held = Assert.IsType<ClaimOutcome.InProgress>(outcome);
        Assert.Equal("job-1", held.Record.JobId);
        Assert.Equal((Reads: 1, Inserts: 1, Replaces: 0), store.Trips);
    }

    [Fact]
    public async Task A_failed_key_is_retaken_for_its_original_job_with_the_next_attempt()
    {
        var store = new CountingStore(Policy, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        await store.TryClaimAsync(Key, "job-1", default);
        await store.TryMarkFailedAsync(Key, "job-1", 1, "launch failed", default);
        store.ResetCounts();

        var outcome = await store.TryClaimAsync(Key, "job-2", default);

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(outcome);
        Assert.Equal(("job-1", 2), (claimed.Record.JobId, claimed.Attempt));
        Assert.Equal((Reads: 1, Inserts: 1, Replaces: 1), store.Trips);
    }

    private sealed class CountingStore(IdempotencyOptions options, TimeProvider clock) : InMemoryIdempotencyStore(options, clock)
    {
        private int reads;
        private int inserts;
        private int replaces;

        public (int Reads, int Inserts, int Replaces) Trips => (reads, inserts, replaces);

        public void ResetCounts() => (reads, inserts, replaces) = (0, 0, 0);

        protected override Task<ClaimRecord?> ReadAsync(IdempotencyKey key, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref reads);
            return base.ReadAsync(key, cancellationToken);
        }

        protected override Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref inserts);
            return base.TryInsertAsync(record, cancellationToken);
        }

        protected override Task<ConditionalWrite<ClaimRecord>> TryReplaceAsync(ClaimRecord replacement, ClaimVersion expected, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref replaces);
            return base.TryReplaceAsync(replacement, expected, cancellationToken);
        }
    }
}
