using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>
/// The dispatcher over real DynamoDB Local and the S3 emulator (only the launcher is a recording no-op: ECS has
/// no emulator). Each test uses its own object keys, so tests share one provisioned environment.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class DispatcherFlowTests(LocalAwsFixture fixture)
{
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(15), MaxAttempts = 3 };

    private static string NewKey(string name = "clip.mp4") => $"uploads/{Guid.NewGuid():N}/{name}";

    private static async Task<MessageDispatchResult> Deliver(UploadDispatcher dispatcher, DispatchingResources resources, string key, string messageId = "m") =>
        Assert.Single((await dispatcher.DispatchBatchAsync([new QueueMessage(messageId, resources.S3EventBody(key))], default)).Messages);

    [Fact]
    public async Task Duplicate_deliveries_launch_once()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        var dispatcher = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var key = NewKey("my talk (final).mp4");
        var etag = await resources.PutObjectAsync(key, "video-1");

        var batch = await dispatcher.DispatchBatchAsync(
            [.. Enumerable.Range(0, 5).Select(i => new QueueMessage($"m{i}", resources.S3EventBody(key)))],
            default);
        var later = await Deliver(dispatcher, resources, key, "m-late");

        Assert.Empty(batch.FailedMessageIds);
        Assert.True(later.Acknowledge);
        var launch = Assert.Single(launcher.Launches);
        Assert.Equal(key, launch.S3Key);
        Assert.Equal(etag, launch.ETag);
        var job = Assert.Single(await resources.JobStore().FindByS3KeyAsync(key, default));
        Assert.Equal(JobStatus.Dispatched, job.Status);
        Assert.Equal(launch.JobId, job.JobId);
        Assert.Equal($"local:{job.JobId}:1", job.TaskArn);
        var claim = await resources.ClaimStore(Policy, TimeProvider.System).GetAsync(new IdempotencyKey(key, etag), default);
        Assert.Equal(ClaimState.Dispatched, claim!.State);
    }

    [Fact]
    public async Task Two_dispatchers_racing_on_one_key_launch_once()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        var first = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var second = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var key = NewKey();
        await resources.PutObjectAsync(key, "video");

        var results = await Task.WhenAll(
            Enumerable.Range(0, 6).Select(i => Task.Run(() => (i % 2 == 0 ? first : second)
                .DispatchBatchAsync([new QueueMessage($"m{i}", resources.S3EventBody(key))], default))));

        Assert.All(results, r => Assert.Empty(r.FailedMessageIds));
        Assert.Single(launcher.Launches);
        Assert.Equal(1, launcher.Calls);
    }

    [Fact]
    public async Task Launch_failure_is_not_acknowledged_claim_stays_retryable_and_the_next_delivery_launches()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        launcher.FailNext(1);
        var dispatcher = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var key = NewKey();
        var etag = await resources.PutObjectAsync(key, "video");

        var failed = await Deliver(dispatcher, resources, key);

        Assert.False(failed.Acknowledge);
        var claim = await resources.ClaimStore(Policy, TimeProvider.System).GetAsync(new IdempotencyKey(key, etag), default);
        Assert.Equal(ClaimState.Failed, claim!.State);
        Assert.Contains("capacity unavailable", claim.Error, StringComparison.Ordinal);

        var retried = await Deliver(dispatcher, resources, key);

        Assert.True(retried.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.Launched, retried.Records[0].Kind);
        Assert.Equal(2, Assert.Single(launcher.Launches).Attempt);
        Assert.Equal(failed.Records[0].JobId, retried.Records[0].JobId);
    }

    [Fact]
    public async Task Expired_lease_is_reclaimed_by_a_later_delivery()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var launcher = new RecordingTaskLauncher();
        var dispatcher = resources.Dispatcher(Policy, clock, launcher);
        var key = NewKey();
        await resources.PutObjectAsync(key, "video");
        await Deliver(dispatcher, resources, key);

        clock.Advance(Policy.LeaseDuration - TimeSpan.FromSeconds(1));
        var whileLeased = await Deliver(dispatcher, resources, key);
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterExpiry = await Deliver(dispatcher, resources, key);

        Assert.Equal(DispatchOutcomeKind.InProgress, whileLeased.Records[0].Kind);
        Assert.Equal(DispatchOutcomeKind.Launched, afterExpiry.Records[0].Kind);
        Assert.Equal([1, 2], launcher.Launches.Select(l => l.Attempt));
        var job = await resources.JobStore().GetAsync(afterExpiry.Records[0].JobId!, default);
        Assert.Equal(2, job!.Attempts);
    }

    [Fact]
    public async Task Reupload_with_a_new_etag_creates_a_new_job()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        var dispatcher = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var key = NewKey();
        var v1 = await resources.PutObjectAsync(key, "first version");
        var first = await Deliver(dispatcher, resources, key);
        var v2 = await resources.PutObjectAsync(key, "second, different version");

        var second = await Deliver(dispatcher, resources, key);

        Assert.NotEqual(v1, v2);
        Assert.Equal(DispatchOutcomeKind.Launched, second.Records[0].Kind);
        Assert.NotEqual(first.Records[0].JobId, second.Records[0].JobId);
        Assert.Equal([v1, v2], launcher.Launches.Select(l => l.ETag));
        var jobs = await resources.JobStore().FindByS3KeyAsync(key, default);
        Assert.Equal(2, jobs.Count);
        Assert.Equal(second.Records[0].JobId, jobs[0].JobId); // newest first
    }

    [Fact]
    public async Task Missing_object_is_rejected_and_acknowledged()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        var dispatcher = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var key = NewKey("never uploaded.mov");

        var result = await Deliver(dispatcher, resources, key);

        Assert.True(result.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.Rejected, result.Records[0].Kind);
        var job = Assert.Single(await resources.JobStore().FindByS3KeyAsync(key, default));
        Assert.Equal(JobStatus.Rejected, job.Status);
        Assert.Contains("does not exist", job.Error, StringComparison.Ordinal);
        Assert.Equal(0, launcher.Calls);
    }

    [Fact]
    public async Task Upload_confirm_then_s3_event_reuse_the_queued_job()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var launcher = new RecordingTaskLauncher();
        var dispatcher = resources.Dispatcher(Policy, TimeProvider.System, launcher);
        var key = NewKey();
        var jobId = Guid.NewGuid().ToString("N");
        var now = DateTimeOffset.UtcNow;
        await resources.JobStore().TryCreateAsync(new JobRecord { JobId = jobId, S3Bucket = resources.Bucket, S3Key = key, Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now }, default);
        await resources.PutObjectAsync(key, "video");

        var viaEvent = await Deliver(dispatcher, resources, key);
        var confirm = $$"""{"job_id":"{{jobId}}","video_s3_key":"{{key}}","video_s3_bucket":"{{resources.Bucket}}"}""";
        var viaConfirm = Assert.Single((await dispatcher.DispatchBatchAsync([new QueueMessage("c", confirm)], default)).Messages);

        Assert.Equal(jobId, viaEvent.Records[0].JobId);
        Assert.Equal(DispatchOutcomeKind.InProgress, viaConfirm.Records[0].Kind);
        Assert.Equal(jobId, Assert.Single(launcher.Launches).JobId);
        Assert.Single(await resources.JobStore().FindByS3KeyAsync(key, default));
    }
}
