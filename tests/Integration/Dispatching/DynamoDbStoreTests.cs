using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>The DynamoDB adapters against DynamoDB Local, on tables created from the Terraform module.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class DynamoDbStoreTests(LocalAwsFixture fixture)
{
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(10), MaxAttempts = 2 };

    private static IdempotencyKey NewKey() => new($"uploads/{Guid.NewGuid():N}.mp4", Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Claim_lifecycle_round_trips_through_dynamodb()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = resources.ClaimStore(Policy, clock);
        var key = NewKey();

        var claimed = Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(key, "job-a", default));
        var stored = await store.GetAsync(key, default);
        Assert.Equal(ClaimState.Dispatched, stored!.State);
        Assert.Equal(claimed.Record.LeaseExpiresAt!.Value.ToUnixTimeMilliseconds(), stored.LeaseExpiresAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal(claimed.Record.ExpiresAtEpochSeconds, stored.ExpiresAtEpochSeconds);

        Assert.IsType<ClaimOutcome.InProgress>(await store.TryClaimAsync(key, "job-b", default));
        Assert.True(await store.TryMarkRunningAsync(key, "job-a", 1, default));
        Assert.True(await store.TryRenewLeaseAsync(key, "job-a", 1, default));
        Assert.True(await store.TryMarkFailedAsync(key, "job-a", 1, "ffmpeg exploded", default));

        var retaken = Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(key, "job-other", default));
        Assert.Equal(2, retaken.Attempt);
        Assert.Equal("job-a", retaken.Record.JobId);
        Assert.False(await store.TryMarkProcessedAsync(key, "job-a", 1, "results/stale.json", default));
        Assert.True(await store.TryMarkProcessedAsync(key, "job-a", 2, "results/job-a/summary.json", default));

        var done = Assert.IsType<ClaimOutcome.AlreadyProcessed>(await store.TryClaimAsync(key, "job-b", default));
        Assert.Equal("results/job-a/summary.json", done.Record.ResultS3Key);
        Assert.Null(done.Record.LeaseExpiresAt);
    }

    [Fact]
    public async Task Expired_lease_is_taken_over_and_the_old_attempt_is_fenced()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = resources.ClaimStore(Policy, clock);
        var key = NewKey();
        await store.TryClaimAsync(key, "job-a", default);
        await store.TryMarkRunningAsync(key, "job-a", 1, default);
        clock.Advance(Policy.LeaseDuration + TimeSpan.FromMilliseconds(1));

        var takeover = Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(key, "job-a", default));

        Assert.Equal(2, takeover.Attempt);
        Assert.False(await store.TryRenewLeaseAsync(key, "job-a", 1, default));
        Assert.False(await store.TryMarkFailedAsync(key, "job-a", 1, "late", default));
    }

    [Fact]
    public async Task Exhausted_attempts_are_reported()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var store = resources.ClaimStore(Policy, TimeProvider.System);
        var key = NewKey();
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(key, "job-a", default));
            Assert.True(await store.TryMarkFailedAsync(key, "job-a", attempt, "boom", default));
        }

        Assert.IsType<ClaimOutcome.AttemptsExhausted>(await store.TryClaimAsync(key, "job-a", default));
    }

    [Fact]
    public async Task Racing_claims_on_dynamodb_have_exactly_one_winner()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var key = NewKey();
        var stores = Enumerable.Range(0, 8).Select(_ => resources.ClaimStore(Policy, TimeProvider.System)).ToList();

        var outcomes = await Task.WhenAll(stores.Select((store, i) => Task.Run(() => store.TryClaimAsync(key, $"job-{i}", default))));

        var winner = Assert.Single(outcomes.OfType<ClaimOutcome.Claimed>());
        Assert.All(outcomes.OfType<ClaimOutcome.InProgress>(), loser => Assert.Equal(winner.Record.JobId, loser.Record.JobId));
        Assert.Equal(7, outcomes.OfType<ClaimOutcome.InProgress>().Count());
    }

    [Fact]
    public async Task Job_records_round_trip_transition_conditionally_and_are_found_by_key_newest_first()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var jobs = resources.JobStore();
        var key = $"uploads/{Guid.NewGuid():N} with space.mov";
        var t0 = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
        var older = new JobRecord { JobId = Guid.NewGuid().ToString("N"), S3Bucket = "b", S3Key = key, Status = JobStatus.Queued, CreatedAt = t0, UpdatedAt = t0 };
        var newer = older with { JobId = Guid.NewGuid().ToString("N"), ETag = "e2", CreatedAt = t0.AddSeconds(1), UpdatedAt = t0.AddSeconds(1) };

        Assert.True(await jobs.TryCreateAsync(older, default));
        Assert.True(await jobs.TryCreateAsync(newer, default));
        Assert.False(await jobs.TryCreateAsync(older with { Status = JobStatus.Rejected }, default));

        var found = await jobs.FindByS3KeyAsync(key, default);
        Assert.Equal([newer.JobId, older.JobId], found.Select(j => j.JobId));
        Assert.Equal(older, found[1], new JobRecordComparer());

        var update = new JobUpdate
        {
            Status = JobStatus.Succeeded,
            CurrentStage = "upload",
            Attempts = 2,
            TaskArn = "arn:task",
            ResultKeys = ["results/x/summary.json", "results/x/summary.md"],
            StageTimings = new Dictionary<string, double> { ["asr"] = 1.25, ["scenes"] = 0.5 },
            UpdatedAt = t0.AddMinutes(5),
        };
        Assert.Null(await jobs.TryTransitionAsync(newer.JobId, [JobStatus.Running], update, default));
        var updated = await jobs.TryTransitionAsync(newer.JobId, [JobStatus.Queued, JobStatus.Running], update, default);

        Assert.NotNull(updated);
        Assert.Equal(updated, await jobs.GetAsync(newer.JobId, default), new JobRecordComparer());
        Assert.Equal(JobStatus.Succeeded, updated.Status);
        Assert.Equal("e2", updated.ETag);
        Assert.Equal(["results/x/summary.json", "results/x/summary.md"], updated.ResultKeys);
        Assert.Equal(1.25, updated.StageTimings["asr"]);
        Assert.Equal(t0, updated.CreatedAt.AddSeconds(-1));
        Assert.Null(await jobs.TryTransitionAsync("no-such-job", [JobStatus.Queued], update, default));
    }

    /// <summary>Record equality, with the two collections compared by content.</summary>
    private sealed class JobRecordComparer : IEqualityComparer<JobRecord?>
    {
        private static readonly string[] NoKeys = [];
        private static readonly Dictionary<string, double> NoTimings = [];

        public bool Equals(JobRecord? x, JobRecord? y) =>
            x is not null && y is not null
            && x with { ResultKeys = NoKeys, StageTimings = NoTimings } == y with { ResultKeys = NoKeys, StageTimings = NoTimings }
            && x.ResultKeys.SequenceEqual(y.ResultKeys)
            && x.StageTimings.OrderBy(p => p.Key).SequenceEqual(y.StageTimings.OrderBy(p => p.Key));

        public int GetHashCode(JobRecord? obj) => obj?.JobId.GetHashCode(StringComparison.Ordinal) ?? 0;
    }
}
