using Lifestream.Core.Idempotency;
using Lifestream.Core.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Idempotency;

/// <summary>
/// Racing claims: every contender has decided before any of them writes (a barrier before the insert of an
/// absent claim, after the read of an existing one), so the single winner must come from the compare-and-swap alone.
/// </summary>
public class ClaimRaceTests
{
    private static readonly IdempotencyKey Key = new("uploads/race.mov", "e1");
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(5), MaxAttempts = 3 };

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public async Task Racers_on_an_absent_claim_produce_exactly_one_winner(int racers)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new InsertBarrierStore(Policy, clock, racers);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, racers).Select(i => Task.Run(() => store.TryClaimAsync(Key, $"job-{i}", default))));

        var winner = Assert.Single(outcomes.OfType<ClaimOutcome.Claimed>());
        Assert.Equal(racers - 1, outcomes.OfType<ClaimOutcome.InProgress>().Count());
        Assert.All(outcomes.OfType<ClaimOutcome.InProgress>(), loser => Assert.Equal(winner.Record.JobId, loser.Record.JobId));
        Assert.Equal(winner.Record, await store.GetAsync(Key, default));
    }

    [Fact]
    public async Task Racers_on_an_expired_lease_produce_exactly_one_takeover()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new ReadBarrierStore(Policy, clock, racers: 1);
        await store.TryClaimAsync(Key, "job-0", default);
        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));
        store.ResetBarrier(4);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.TryClaimAsync(Key, "job-x", default))));

        var winner = Assert.Single(outcomes.OfType<ClaimOutcome.Claimed>());
        Assert.Equal(2, winner.Attempt);
        Assert.Equal("job-0", winner.Record.JobId);
        Assert.Equal(3, outcomes.OfType<ClaimOutcome.InProgress>().Count());
    }

    [Fact]
    public async Task Renewal_racing_a_takeover_of_an_expired_lease_lets_exactly_one_through()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56));
        var store = new ReadBarrierStore(Policy, clock, racers: 1);
        await store.TryClaimAsync(Key, "job-0", default);
        await store.TryMarkRunningAsync(Key, "job-0", 1, default);
        clock.Advance(Policy.LeaseDuration);
        store.ResetBarrier(2);

        var renew = Task.Run(() => store.TryRenewLeaseAsync(Key, "job-0", 1, default));
        var takeover = Task.Run(() => store.TryClaimAsync(Key, "job-0", default));
        await Task.WhenAll(renew, takeover);

        var tookOver = await takeover is ClaimOutcome.Claimed;
        Assert.NotEqual(await renew, tookOver);
        var record = await store.GetAsync(Key, default);
        Assert.Equal(tookOver ? 2 : 1, record!.Attempt);
    }

    [Fact]
    public async Task Endless_contention_is_reported_as_a_transient_exception()
    {
        var store = new AlwaysLosingStore(Policy, new FakeTimeProvider());

        await Assert.ThrowsAsync<ClaimContentionException>(() => store.TryClaimAsync(Key, "job-1", default));
    }

    /// <summary>Holds the first <c>racers</c> inserters until all of them are about to insert, then lets them write.</summary>
    private sealed class InsertBarrierStore(IdempotencyOptions options, TimeProvider clock, int racers) : InMemoryIdempotencyStore(options, clock)
    {
        private readonly AsyncBarrier barrier = new(racers);

        protected override async Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken)
        {
            await barrier.SignalAndWaitAsync();
            return await base.TryInsertAsync(record, cancellationToken);
        }
    }

    /// <summary>Holds the first <c>racers</c> readers until all of them have read, then lets them write.</summary>
    private sealed class ReadBarrierStore(IdempotencyOptions options, TimeProvider clock, int racers) : InMemoryIdempotencyStore(options, clock)
    {
        private AsyncBarrier? barrier = racers > 1 ? new AsyncBarrier(racers) : null;

        public void ResetBarrier(int count) => barrier = new AsyncBarrier(count);

        protected override async Task<ClaimRecord?> ReadAsync(IdempotencyKey key, CancellationToken cancellationToken)
        {
            var record = await base.ReadAsync(key, cancellationToken);
            if (barrier is { } current)
            {
                await current.SignalAndWaitAsync();
            }

            return record;
        }
    }

    /// <summary>Releases everyone once <c>count</c> callers arrived; later callers pass straight through.</summary>
    private sealed class AsyncBarrier(int count)
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int arrived;

        public Task SignalAndWaitAsync()
        {
            if (Interlocked.Increment(ref arrived) == count)
            {
                released.SetResult();
            }

            return released.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    /// <summary>Every read says "absent" but every insert fails: a record that keeps changing under us.</summary>
    private sealed class AlwaysLosingStore(IdempotencyOptions options, TimeProvider clock) : InMemoryIdempotencyStore(options, clock)
    {
        protected override Task<ClaimRecord?> ReadAsync(IdempotencyKey key, CancellationToken cancellationToken) => Task.FromResult<ClaimRecord?>(null);

        protected override Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken) =>
            Task.FromResult(ConditionalWrite.Rejected<ClaimRecord>(null));
    }
}
