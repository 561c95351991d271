using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Persistence;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Jobs;

/// <summary>
/// The base stores' answer to "the write applied, but the caller saw its condition fail" (an SDK re-send of an
/// applied request): the stored write token is ours, so the transition succeeded. In-memory stores that apply every
/// write and then report it rejected stand in for DynamoDB's re-sent request (the DynamoDB Local proof is in the
/// integration tests).
/// </summary>
public sealed class JobStoreAmbiguityTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Job_writes_whose_answer_was_lost_are_recognised_as_ours()
    {
        var store = new AppliedThenRejectedJobStore();
        var job = new JobRecord { JobId = "job-1", S3Bucket = "b", S3Key = "uploads/a.mp4", Status = JobStatus.Queued, CreatedAt = Now, UpdatedAt = Now };

        Assert.True(await store.TryCreateAsync(job, default));
        Assert.True((await store.TryMarkDispatchedAsync("job-1", 1, "arn:1", "e", default)).Applied);
        Assert.True((await store.TryMarkRunningAsync("job-1", 1, "download", default)).Applied);
        var done = await store.TryMarkSucceededAsync("job-1", 1, ["results/job-1/summary.json"], new Dictionary<string, double>(), "finalize", default);

        Assert.True(done.Applied);
        Assert.Equal((JobStatus.Succeeded, 4L), (done.Record!.Status, done.Record.Version));
    }

    [Fact]
    public async Task Someone_elses_write_is_not_mistaken_for_ours()
    {
        var store = new InMemoryJobStore();
        var job = new JobRecord { JobId = "job-1", S3Bucket = "b", S3Key = "uploads/a.mp4", Status = JobStatus.Queued, CreatedAt = Now, UpdatedAt = Now };

        Assert.True(await store.TryCreateAsync(job, default));
        Assert.False(await store.TryCreateAsync(job, default));
    }

    [Fact]
    public async Task Claim_writes_whose_answer_was_lost_are_recognised_as_ours()
    {
        var store = new AppliedThenRejectedClaimStore(new IdempotencyOptions(), new FakeTimeProvider(Now));
        var key = new IdempotencyKey("uploads/a.mp4", "e");

        Assert.IsType<ClaimOutcome.Claimed>(await store.TryClaimAsync(key, "job-1", default));
        Assert.True(await store.TryMarkRunningAsync(key, "job-1", 1, default));
        Assert.True(await store.TryMarkProcessedAsync(key, "job-1", 1, "results/job-1/summary.json", default));
        Assert.Equal(ClaimState.Processed, (await store.GetAsync(key, default))!.State);
    }

    [Fact]
    public async Task Ending_an_attempt_again_is_a_no_op_but_another_end_state_is_not_ours()
    {
        var store = new InMemoryIdempotencyStore(new IdempotencyOptions(), new FakeTimeProvider(Now));
        var key = new IdempotencyKey("uploads/a.mp4", "e");
        await store.TryClaimAsync(key, "job-1", default);

        Assert.True(await store.TryMarkFailedAsync(key, "job-1", 1, "interrupted", default));
        Assert.True(await store.TryMarkFailedAsync(key, "job-1", 1, "task stopped", default));
        Assert.False(await store.TryMarkAbandonedAsync(key, "job-1", 1, "gave up", default));
        Assert.False(await store.TryMarkFailedAsync(key, "job-1", 2, "not this attempt", default));
    }

    /// <summary>Applies every write, then answers as DynamoDB answers the SDK's re-send: condition failed, ALL_OLD attached.</summary>
    private sealed class AppliedThenRejectedJobStore : InMemoryJobStore
    {
        protected override async Task<ConditionalWrite<JobRecord>> TryInsertAsync(JobRecord job, CancellationToken cancellationToken)
        {
            await base.TryInsertAsync(job, cancellationToken);
            return ConditionalWrite.Rejected(await GetAsync(job.JobId, cancellationToken));
        }

        protected override async Task<ConditionalWrite<JobRecord>> TryReplaceAsync(JobRecord replacement, long expectedVersion, CancellationToken cancellationToken)
        {
            await base.TryReplaceAsync(replacement, expectedVersion, cancellationToken);
            return ConditionalWrite.Rejected(await GetAsync(replacement.JobId, cancellationToken));
        }
    }

    private sealed class AppliedThenRejectedClaimStore(IdempotencyOptions options, TimeProvider time) : InMemoryIdempotencyStore(options, time)
    {
        protected override async Task<ConditionalWrite<ClaimRecord>> TryInsertAsync(ClaimRecord record, CancellationToken cancellationToken)
        {
            await base.TryInsertAsync(record, cancellationToken);
            return ConditionalWrite.Rejected(Snapshot().Single(r => r.Key == record.Key));
        }

        protected override async Task<ConditionalWrite<ClaimRecord>> TryReplaceAsync(ClaimRecord replacement, ClaimVersion expected, CancellationToken cancellationToken)
        {
            await base.TryReplaceAsync(replacement, expected, cancellationToken);
            return ConditionalWrite.Rejected(Snapshot().Single(r => r.Key == replacement.Key));
        }
    }
}
