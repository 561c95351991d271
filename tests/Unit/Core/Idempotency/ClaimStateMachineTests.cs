using Lifestream.Core.Idempotency;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Idempotency;

public class ClaimStateMachineTests
{
    private static readonly IdempotencyKey Key = new("uploads/talk.mp4", "abc123");
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(10), MaxAttempts = 3, RecordTimeToLive = TimeSpan.FromDays(7) };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    private InMemoryIdempotencyStore NewStore() => new(Policy, clock);

    [Fact]
    public async Task Absent_claim_is_taken_as_dispatched_attempt_1_with_lease_and_ttl()
    {
        var store = NewStore();

        var outcome = await store.TryClaimAsync(Key, "job-1", default);

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(outcome);
        Assert.Equal(1, claimed.Attempt);
        Assert.Equal(ClaimState.Dispatched, claimed.Record.State);
        Assert.Equal("job-1", claimed.Record.JobId);
        Assert.Equal("uploads/talk.mp4|abc123", claimed.Record.Key);
        Assert.Equal(clock.GetUtcNow() + Policy.LeaseDuration, claimed.Record.LeaseExpiresAt);
        Assert.Equal((clock.GetUtcNow() + Policy.RecordTimeToLive).ToUnixTimeSeconds(), claimed.Record.ExpiresAtEpochSeconds);
        Assert.Equal(claimed.Record, await store.GetAsync(Key, default));
    }

    [Fact]
    public async Task Dispatched_claim_with_live_lease_is_in_progress_for_others()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        clock.Advance(Policy.LeaseDuration - TimeSpan.FromSeconds(1));

        var outcome = await store.TryClaimAsync(Key, "job-2", default);

        var inProgress = Assert.IsType<ClaimOutcome.InProgress>(outcome);
        Assert.Equal("job-1", inProgress.Record.JobId);
    }

    [Fact]
    public async Task Dispatched_claim_with_expired_lease_is_retaken_with_next_attempt_keeping_the_job()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        clock.Advance(Policy.LeaseDuration);

        var outcome = await store.TryClaimAsync(Key, "job-2", default);

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(outcome);
        Assert.Equal(2, claimed.Attempt);
        Assert.Equal("job-1", claimed.Record.JobId);
        Assert.Equal(clock.GetUtcNow() + Policy.LeaseDuration, claimed.Record.LeaseExpiresAt);
    }

    [Fact]
    public async Task Running_claim_with_live_lease_is_in_progress_and_with_expired_lease_is_retaken()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        Assert.True(await store.TryMarkRunningAsync(Key, "job-1", 1, default));
        clock.Advance(Policy.LeaseDuration - TimeSpan.FromTicks(1));
        Assert.IsType<ClaimOutcome.InProgress>(await store.TryClaimAsync(Key, "job-1", default));

        clock.Advance(TimeSpan.FromTicks(1));
        var claimed = Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(Key, "job-1", default));
        Assert.Equal(2, claimed.Attempt);
        Assert.Equal(ClaimState.Dispatched, claimed.Record.State);
    }

    [Fact]
    public async Task Mark_running_moves_dispatched_to_running_with_a_fresh_lease()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.True(await store.TryMarkRunningAsync(Key, "job-1", 1, default));

        var record = await store.GetAsync(Key, default);
        Assert.Equal(ClaimState.Running, record!.State);
        Assert.Equal(clock.GetUtcNow() + Policy.LeaseDuration, record.LeaseExpiresAt);
        Assert.False(await store.TryMarkRunningAsync(Key, "job-1", 1, default)); // only from dispatched
    }

    [Fact]
    public async Task Renewal_extends_the_lease_so_a_takeover_after_the_original_expiry_fails()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        await store.TryMarkRunningAsync(Key, "job-1", 1, default);
        clock.Advance(Policy.LeaseDuration - TimeSpan.FromMinutes(1));

        Assert.True(await store.TryRenewLeaseAsync(Key, "job-1", 1, default));
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.IsType<ClaimOutcome.InProgress>(await store.TryClaimAsync(Key, "job-1", default));
    }

    [Fact]
    public async Task Processed_is_terminal_records_result_key_and_clears_the_lease()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        await store.TryMarkRunningAsync(Key, "job-1", 1, default);

        Assert.True(await store.TryMarkProcessedAsync(Key, "job-1", 1, "results/job-1/summary.json", default));
        clock.Advance(TimeSpan.FromDays(2));

        var outcome = Assert.IsType<ClaimOutcome.AlreadyProcessed>(await store.TryClaimAsync(Key, "job-1", default));
        Assert.Equal("results/job-1/summary.json", outcome.Record.ResultS3Key);
        Assert.Null(outcome.Record.LeaseExpiresAt);
        Assert.False(await store.TryMarkFailedAsync(Key, "job-1", 1, "late failure", default));
        Assert.False(await store.TryRenewLeaseAsync(Key, "job-1", 1, default));
        Assert.Equal(ClaimState.Processed, (await store.GetAsync(Key, default))!.State);
    }

    [Fact]
    public async Task Dispatched_can_be_marked_processed_directly()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);

        Assert.True(await store.TryMarkProcessedAsync(Key, "job-1", 1, "results/job-1/summary.json", default));
    }

    [Fact]
    public async Task Failed_with_attempts_left_is_retaken_immediately_and_exhausts_at_max_attempts()
    {
        var store = NewStore();
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            var claimed = Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(Key, "job-1", default));
            Assert.Equal(attempt, claimed.Attempt);
            Assert.True(await store.TryMarkFailedAsync(Key, "job-1", attempt, $"boom {attempt}", default));
            var failed = await store.GetAsync(Key, default);
            Assert.Equal(ClaimState.Failed, failed!.State);
            Assert.Equal($"boom {attempt}", failed.Error);
            Assert.Null(failed.LeaseExpiresAt);
        }

        var exhausted = Assert.IsType<ClaimOutcome.AttemptsExhausted>(await store.TryClaimAsync(Key, "job-1", default));
        Assert.Equal(Policy.MaxAttempts, exhausted.Record.Attempt);
    }

    [Fact]
    public async Task Stale_attempt_is_fenced_off_after_a_takeover()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        await store.TryMarkRunningAsync(Key, "job-1", 1, default);
        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(Key, "job-1", default));

        Assert.False(await store.TryRenewLeaseAsync(Key, "job-1", 1, default));
        Assert.False(await store.TryMarkProcessedAsync(Key, "job-1", 1, "results/old.json", default));
        Assert.False(await store.TryMarkFailedAsync(Key, "job-1", 1, "old", default));
        Assert.False(await store.TryMarkRunningAsync(Key, "job-1", 1, default));
        var record = await store.GetAsync(Key, default);
        Assert.Equal(2, record!.Attempt);
        Assert.Equal(ClaimState.Dispatched, record.State);
    }

    [Fact]
    public async Task Owner_transitions_require_the_same_job_id()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);

        Assert.False(await store.TryMarkRunningAsync(Key, "job-other", 1, default));
        Assert.False(await store.TryMarkProcessedAsync(Key, "job-other", 1, "r", default));
    }

    [Fact]
    public async Task Transitions_on_an_absent_claim_report_not_owned()
    {
        var store = NewStore();

        Assert.False(await store.TryMarkRunningAsync(Key, "job-1", 1, default));
        Assert.False(await store.TryRenewLeaseAsync(Key, "job-1", 1, default));
        Assert.False(await store.TryMarkProcessedAsync(Key, "job-1", 1, "r", default));
        Assert.False(await store.TryMarkFailedAsync(Key, "job-1", 1, "r", default));
        Assert.Null(await store.GetAsync(Key, default));
    }

    [Fact]
    public async Task Every_write_refreshes_the_ttl_attribute()
    {
        var store = NewStore();
        await store.TryClaimAsync(Key, "job-1", default);
        clock.Advance(TimeSpan.FromHours(5));

        await store.TryMarkRunningAsync(Key, "job-1", 1, default);

        var record = await store.GetAsync(Key, default);
        Assert.Equal((clock.GetUtcNow() + Policy.RecordTimeToLive).ToUnixTimeSeconds(), record!.ExpiresAtEpochSeconds);
        Assert.Equal(clock.GetUtcNow(), record.UpdatedAt);
    }

    [Fact]
    public void Invalid_options_are_rejected_at_construction_naming_each_setting()
    {
        var bad = new IdempotencyOptions { LeaseDuration = TimeSpan.Zero, MaxAttempts = 0, RecordTimeToLive = TimeSpan.FromMinutes(1) };

        var ex = Assert.Throws<InvalidIdempotencyOptionsException>(() => new InMemoryIdempotencyStore(bad, clock));

        Assert.Contains(ex.Problems, p => p.StartsWith("LeaseDuration", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.StartsWith("RecordTimeToLive", StringComparison.Ordinal));
    }
}
