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
        Assert.Equal(older with { Version = 1, WriteToken = found[1].WriteToken }, found[1], new JobRecordComparer());

        var timings = new Dictionary<string, double> { ["asr"] = 1.25, ["scenes"] = 0.5 };
        Assert.False((await jobs.TryMarkSucceededAsync(newer.JobId, 2, ["results/x/summary.json"], timings, "finalize", default)).Applied);
        Assert.True((await jobs.TryMarkDispatchedAsync(newer.JobId, 2, "arn:task", "e2", default)).Applied);
        Assert.True((await jobs.TryMarkRunningAsync(newer.JobId, 2, "download", default)).Applied);
        var updated = await jobs.TryMarkSucceededAsync(newer.JobId, 2, ["results/x/summary.json", "results/x/summary.md"], timings, "finalize", default);

        Assert.True(updated.Applied);
        Assert.Equal(updated.Record, await jobs.GetAsync(newer.JobId, default), new JobRecordComparer());
        var stored = updated.Record!;
        Assert.Equal(JobStatus.Succeeded, stored.Status);
        Assert.Equal(4, stored.Version);
        Assert.Equal("e2", stored.ETag);
        Assert.Equal("arn:task", stored.TaskArn);
        Assert.Equal(["results/x/summary.json", "results/x/summary.md"], stored.ResultKeys);
        Assert.Equal(1.25, stored.StageTimings["asr"]);
        Assert.Equal(t0, stored.CreatedAt.AddSeconds(-1));
        Assert.False((await jobs.TryMarkDispatchedAsync(newer.JobId, 3, "arn:late", "e2", default)).Applied);
        Assert.Null((await jobs.TryRejectAsync("no-such-job", "gone", default)).Record);
    }

    [Fact]
    public async Task Job_replacement_removes_cleared_attributes_and_keeps_unmodelled_ones()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var jobs = resources.JobStore();
        var now = DateTimeOffset.UtcNow;
        var job = new JobRecord { JobId = Guid.NewGuid().ToString("N"), S3Bucket = "b", S3Key = "uploads/a.mp4", Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now };
        Assert.True(await jobs.TryCreateAsync(job, default));
        await resources.DynamoDb.UpdateItemAsync(new Amazon.DynamoDBv2.Model.UpdateItemRequest
        {
            TableName = resources.Resources.JobsTableName,
            Key = new() { ["job_id"] = new Amazon.DynamoDBv2.Model.AttributeValue { S = job.JobId } },
            UpdateExpression = "SET owner_note = :n",
            ExpressionAttributeValues = new() { [":n"] = new Amazon.DynamoDBv2.Model.AttributeValue { S = "kept" } },
        });

        var retrying = await jobs.TryRecordAttemptFailureAsync(
            job.JobId, 1, new AttemptFailure { Status = JobStatus.Retrying, Error = "launch failed", RetryAt = now.AddSeconds(30) }, default);
        var dispatched = await jobs.TryMarkDispatchedAsync(job.JobId, 2, "arn:2", "e", default);

        Assert.Equal(now.AddSeconds(30).ToUnixTimeMilliseconds(), retrying.Record!.RetryAt!.Value.ToUnixTimeMilliseconds());
        Assert.Null(dispatched.Record!.RetryAt);
        var item = (await resources.DynamoDb.GetItemAsync(resources.Resources.JobsTableName, new() { ["job_id"] = new Amazon.DynamoDBv2.Model.AttributeValue { S = job.JobId } })).Item;
        Assert.False(item.ContainsKey("retry_at"));
        Assert.Equal("kept", item["owner_note"].S);
        Assert.Equal("3", item["version"].N);
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
