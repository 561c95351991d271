using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Retries;
using Lifestream.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Dispatching;

public class UploadDispatcherTests
{
    private const string Bucket = "media";
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(15), MaxAttempts = 3 };
    private static readonly DispatcherOptions Options = new() { JobsTableName = "jobs", IdempotencyTableName = "idem", MaxConcurrency = 4 };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeObjectStore objects = new();
    private readonly InMemoryJobStore jobs = new();
    private readonly RecordingTaskLauncher launcher = new();
    private readonly InMemoryIdempotencyStore claims;
    private readonly UploadDispatcher dispatcher;

    public UploadDispatcherTests()
    {
        claims = new InMemoryIdempotencyStore(Policy, clock);
        dispatcher = new UploadDispatcher(Options, Policy, objects, claims, jobs, launcher, clock, NullLogger<UploadDispatcher>.Instance);
    }

    private static QueueMessage Event(string id, params string[] encodedKeys) => new(
        id,
        "{\"Records\":[" + string.Join(",", encodedKeys.Select(k =>
            "{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + Bucket + "\"},\"object\":{\"key\":\"" + k + "\"}}}")) + "]}");

    private static QueueMessage Confirm(string id, string jobId, string key) =>
        new(id, $$"""{"job_id":"{{jobId}}","video_s3_key":"{{key}}","video_s3_bucket":"{{Bucket}}"}""");

    private async Task<MessageDispatchResult> DispatchOne(QueueMessage message) =>
        Assert.Single((await dispatcher.DispatchBatchAsync([message], default)).Messages);

    [Fact]
    public async Task New_upload_creates_a_job_claims_launches_and_records_the_task()
    {
        objects.Put(Bucket, "uploads/my talk.mp4", "etag-1");

        var result = await DispatchOne(Event("m1", "uploads/my+talk.mp4"));

        Assert.True(result.Acknowledge);
        var outcome = Assert.Single(result.Records);
        Assert.Equal(DispatchOutcomeKind.Launched, outcome.Kind);
        var launch = Assert.Single(launcher.Launches);
        Assert.Equal("uploads/my talk.mp4", launch.S3Key);
        Assert.Equal("etag-1", launch.ETag);
        Assert.Equal(1, launch.Attempt);
        var job = await jobs.GetAsync(outcome.JobId!, default);
        Assert.Equal(JobStatus.Dispatched, job!.Status);
        Assert.Equal(outcome.TaskArn, job.TaskArn);
        Assert.Equal("etag-1", job.ETag);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(Bucket, job.S3Bucket);
        var claim = await claims.GetAsync(new IdempotencyKey("uploads/my talk.mp4", "etag-1"), default);
        Assert.Equal(ClaimState.Dispatched, claim!.State);
        Assert.Equal(job.JobId, claim.JobId);
    }

    [Fact]
    public async Task Duplicate_delivery_launches_once_and_acknowledges_both()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");

        var first = await DispatchOne(Event("m1", "uploads/a.mp4"));
        var second = await DispatchOne(Event("m1", "uploads/a.mp4"));

        Assert.True(first.Acknowledge && second.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.InProgress, second.Records[0].Kind);
        Assert.Equal(first.Records[0].JobId, second.Records[0].JobId);
        Assert.Single(launcher.Launches);
        Assert.Single(await jobs.FindByS3KeyAsync("uploads/a.mp4", default));
    }

    [Fact]
    public async Task Duplicates_in_one_batch_are_dispatched_concurrently_and_launch_once()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        launcher.Gate = new TaskCompletionSource();
        var messages = Enumerable.Range(0, 10).Select(i => Event($"m{i}", "uploads/a.mp4")).ToList();

        var batch = dispatcher.DispatchBatchAsync(messages, default);
        launcher.Gate.SetResult();
        var result = await batch;

        Assert.Empty(result.FailedMessageIds);
        Assert.Single(launcher.Launches);
        Assert.Equal(9, result.Messages.Count(m => m.Records[0].Kind == DispatchOutcomeKind.InProgress));
    }

    [Fact]
    public async Task Two_dispatchers_sharing_stores_launch_once()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        var other = new UploadDispatcher(Options, Policy, objects, claims, jobs, launcher, clock, NullLogger<UploadDispatcher>.Instance);

        var results = await Task.WhenAll(
            Task.Run(() => dispatcher.DispatchBatchAsync([Event("m1", "uploads/a.mp4")], default)),
            Task.Run(() => other.DispatchBatchAsync([Event("m2", "uploads/a.mp4")], default)));

        Assert.All(results, r => Assert.Empty(r.FailedMessageIds));
        Assert.Single(launcher.Launches);
    }

    [Fact]
    public async Task Launch_failure_keeps_the_message_marks_claim_failed_and_the_redelivery_launches()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        launcher.FailNext(1);

        var first = await DispatchOne(Event("m1", "uploads/a.mp4"));

        Assert.False(first.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.RetryLater, first.Records[0].Kind);
        Assert.Contains("RESOURCE:CPU", first.Records[0].Reason, StringComparison.Ordinal);
        var claim = await claims.GetAsync(new IdempotencyKey("uploads/a.mp4", "e"), default);
        Assert.Equal(ClaimState.Failed, claim!.State);
        var job = await jobs.GetAsync(first.Records[0].JobId!, default);
        Assert.Equal(JobStatus.Retrying, job!.Status);
        Assert.Contains("RESOURCE:CPU", job.Error, StringComparison.Ordinal);
        Assert.Equal(RetryPolicy.DefaultBaseDelay, first.Records[0].RetryAfter);
        Assert.Equal(clock.GetUtcNow() + RetryPolicy.DefaultBaseDelay, job.RetryAt);

        var second = await DispatchOne(Event("m1", "uploads/a.mp4"));

        Assert.True(second.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.Launched, second.Records[0].Kind);
        Assert.Equal(first.Records[0].JobId, second.Records[0].JobId);
        Assert.Equal(2, Assert.Single(launcher.Launches).Attempt);
        Assert.NotEqual(ProcessorLaunchFactory.ClientToken(new IdempotencyKey("uploads/a.mp4", "e"), 1), launcher.Launches.Single().ClientToken);
        Assert.Equal(2, (await jobs.GetAsync(first.Records[0].JobId!, default))!.Attempts);
    }

    [Fact]
    public async Task Launch_failing_every_time_fails_the_job_on_the_last_attempt_itself_and_acknowledges()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        launcher.FailNext(int.MaxValue);

        for (var i = 1; i < Policy.MaxAttempts; i++)
        {
            Assert.False((await DispatchOne(Event("m1", "uploads/a.mp4"))).Acknowledge);
        }

        // The delivery whose launch exhausts MAX_ATTEMPTS ends the job: no later delivery (or DLQ) is needed for that.
        var last = await DispatchOne(Event("m1", "uploads/a.mp4"));

        Assert.True(last.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.AttemptsExhausted, last.Records[0].Kind);
        Assert.Equal(Policy.MaxAttempts, launcher.Calls);
        var job = await jobs.GetAsync(last.Records[0].JobId!, default);
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.Contains("gave up after 3 attempt(s)", job.Error, StringComparison.Ordinal);
        Assert.Equal(ClaimState.Abandoned, (await claims.GetAsync(new IdempotencyKey("uploads/a.mp4", "e"), default))!.State);

        var duplicate = await DispatchOne(Event("m1", "uploads/a.mp4"));
        Assert.True(duplicate.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.AttemptsExhausted, duplicate.Records[0].Kind);
        Assert.Equal(Policy.MaxAttempts, launcher.Calls);
    }

    [Fact]
    public async Task Expired_lease_is_reclaimed_by_the_next_delivery()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        await DispatchOne(Event("m1", "uploads/a.mp4"));
        clock.Advance(Policy.LeaseDuration);

        var again = await DispatchOne(Event("m2", "uploads/a.mp4"));

        Assert.Equal(DispatchOutcomeKind.Launched, again.Records[0].Kind);
        Assert.Equal(2, again.Records[0].Attempt);
        Assert.Equal(2, launcher.Launches.Count);
    }

    [Fact]
    public async Task Processed_version_is_not_launched_again()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        var first = await DispatchOne(Event("m1", "uploads/a.mp4"));
        await claims.TryMarkProcessedAsync(new IdempotencyKey("uploads/a.mp4", "e"), first.Records[0].JobId!, 1, "results/x/summary.json", default);
        clock.Advance(TimeSpan.FromDays(1));

        var again = await DispatchOne(Event("m2", "uploads/a.mp4"));

        Assert.Equal(DispatchOutcomeKind.AlreadyProcessed, again.Records[0].Kind);
        Assert.Single(launcher.Launches);
    }

    [Fact]
    public async Task Reupload_with_new_etag_gets_a_new_job()
    {
        objects.Put(Bucket, "uploads/a.mp4", "v1");
        var first = await DispatchOne(Event("m1", "uploads/a.mp4"));
        clock.Advance(TimeSpan.FromSeconds(1));
        objects.Put(Bucket, "uploads/a.mp4", "v2");

        var second = await DispatchOne(Event("m2", "uploads/a.mp4"));

        Assert.Equal(DispatchOutcomeKind.Launched, second.Records[0].Kind);
        Assert.NotEqual(first.Records[0].JobId, second.Records[0].JobId);
        Assert.Equal(["v1", "v2"], launcher.Launches.Select(l => l.ETag));
        Assert.Equal(2, (await jobs.FindByS3KeyAsync("uploads/a.mp4", default)).Count);
    }

    [Fact]
    public async Task An_upload_api_keys_own_s3_event_uses_its_job_id_and_a_new_version_gets_a_new_job()
    {
        var jobId = Lifestream.Core.Uploads.UploadNaming.NewJobId();
        var key = Lifestream.Core.Uploads.UploadNaming.VideoKey(jobId, "talk.mp4");
        objects.Put(Bucket, key, "v1");
        var first = await DispatchOne(Event("m1", key));
        clock.Advance(TimeSpan.FromSeconds(1));
        objects.Put(Bucket, key, "v2");

        var second = await DispatchOne(Event("m2", key));

        // The API's confirm message for the same job then finds the claim taken and launches nothing more.
        Assert.Equal(jobId, first.Records[0].JobId);
        Assert.Equal(DispatchOutcomeKind.Launched, second.Records[0].Kind);
        Assert.NotEqual(jobId, second.Records[0].JobId);
        Assert.Equal(2, launcher.Launches.Count);
    }

    [Fact]
    public async Task Missing_object_rejects_a_new_job_and_acknowledges()
    {
        var result = await DispatchOne(Event("m1", "uploads/gone.mp4"));

        Assert.True(result.Acknowledge);
        var outcome = result.Records[0];
        Assert.Equal(DispatchOutcomeKind.Rejected, outcome.Kind);
        var job = await jobs.GetAsync(outcome.JobId!, default);
        Assert.Equal(JobStatus.Rejected, job!.Status);
        Assert.Contains("does not exist", job.Error, StringComparison.Ordinal);
        Assert.Empty(launcher.Launches);
    }

    [Fact]
    public async Task Missing_object_rejects_the_queued_job_of_the_confirm_flow()
    {
        await jobs.TryCreateAsync(NewQueuedJob("job-q", "uploads/gone.mp4"), default);

        var result = await DispatchOne(Confirm("m1", "job-q", "uploads/gone.mp4"));

        Assert.True(result.Acknowledge);
        Assert.Equal("job-q", result.Records[0].JobId);
        Assert.Equal(JobStatus.Rejected, (await jobs.GetAsync("job-q", default))!.Status);
        Assert.Single(await jobs.FindByS3KeyAsync("uploads/gone.mp4", default));
    }

    [Fact]
    public async Task Confirm_message_launches_its_queued_job()
    {
        await jobs.TryCreateAsync(NewQueuedJob("job-q", "uploads/a.mp4"), default);
        objects.Put(Bucket, "uploads/a.mp4", "e");

        var result = await DispatchOne(Confirm("m1", "job-q", "uploads/a.mp4"));

        Assert.Equal(DispatchOutcomeKind.Launched, result.Records[0].Kind);
        Assert.Equal("job-q", Assert.Single(launcher.Launches).JobId);
        var job = await jobs.GetAsync("job-q", default);
        Assert.Equal(JobStatus.Dispatched, job!.Status);
        Assert.Equal("e", job.ETag);
    }

    [Fact]
    public async Task S3_event_reuses_the_queued_job_created_by_the_confirm_flow()
    {
        await jobs.TryCreateAsync(NewQueuedJob("job-q", "uploads/a.mp4"), default);
        objects.Put(Bucket, "uploads/a.mp4", "e");

        var result = await DispatchOne(Event("m1", "uploads/a.mp4"));

        Assert.Equal("job-q", result.Records[0].JobId);
        Assert.Single(await jobs.FindByS3KeyAsync("uploads/a.mp4", default));
    }

    [Fact]
    public async Task Confirm_and_s3_event_for_the_same_upload_launch_once()
    {
        await jobs.TryCreateAsync(NewQueuedJob("job-q", "uploads/a.mp4"), default);
        objects.Put(Bucket, "uploads/a.mp4", "e");

        var result = await dispatcher.DispatchBatchAsync([Confirm("m1", "job-q", "uploads/a.mp4"), Event("m2", "uploads/a.mp4")], default);

        Assert.Empty(result.FailedMessageIds);
        Assert.Equal("job-q", Assert.Single(launcher.Launches).JobId);
    }

    [Fact]
    public async Task Confirm_naming_a_job_of_another_object_is_malformed_and_acknowledged()
    {
        await jobs.TryCreateAsync(NewQueuedJob("job-q", "uploads/other.mp4"), default);
        objects.Put(Bucket, "uploads/a.mp4", "e");

        var result = await DispatchOne(Confirm("m1", "job-q", "uploads/a.mp4"));

        Assert.True(result.Acknowledge);
        Assert.Equal(DispatchOutcomeKind.Malformed, result.Records[0].Kind);
        Assert.Empty(launcher.Launches);
    }

    [Fact]
    public async Task Transient_head_failure_is_not_acknowledged_and_claims_nothing()
    {
        objects.HeadFailure = new IOException("connection reset");

        var result = await DispatchOne(Event("m1", "uploads/a.mp4"));

        Assert.False(result.Acknowledge);
        Assert.Contains("connection reset", result.Records[0].Reason, StringComparison.Ordinal);
        Assert.Empty(claims.Snapshot());
    }

    [Fact]
    public async Task Malformed_and_ignored_messages_are_acknowledged_without_side_effects()
    {
        var result = await dispatcher.DispatchBatchAsync(
            [new QueueMessage("bad", "{oops"), new QueueMessage("test", """{"Event":"s3:TestEvent"}"""), Event("txt", "uploads/a.txt")],
            default);

        Assert.Empty(result.FailedMessageIds);
        Assert.Equal(
            [DispatchOutcomeKind.Malformed, DispatchOutcomeKind.Ignored, DispatchOutcomeKind.Ignored],
            result.Messages.Select(m => m.Records[0].Kind));
        Assert.Empty(claims.Snapshot());
        Assert.Empty(launcher.Launches);
    }

    [Fact]
    public async Task Message_with_one_failing_record_is_reported_while_its_other_records_launch()
    {
        objects.Put(Bucket, "uploads/ok.mp4", "e");
        objects.Put(Bucket, "uploads/fail.mp4", "e");
        var failing = new SelectiveLauncher(launcher, failKey: "uploads/fail.mp4");
        var d = new UploadDispatcher(Options, Policy, objects, claims, jobs, failing, clock, NullLogger<UploadDispatcher>.Instance);

        var result = await d.DispatchBatchAsync([Event("multi", "uploads/ok.mp4", "uploads/fail.mp4"), Event("single", "uploads/ok.mp4")], default);

        Assert.Equal(["multi"], result.FailedMessageIds);
        Assert.Equal("uploads/ok.mp4", Assert.Single(launcher.Launches).S3Key);
    }

    [Fact]
    public async Task Cancellation_at_the_deadline_reports_unfinished_records_for_retry_and_releases_the_claim()
    {
        objects.Put(Bucket, "uploads/a.mp4", "e");
        launcher.Gate = new TaskCompletionSource();
        using var deadline = new CancellationTokenSource();

        var batch = dispatcher.DispatchBatchAsync([Event("m1", "uploads/a.mp4")], deadline.Token);
        while (claims.Snapshot().Count == 0)
        {
            await Task.Delay(5);
        }

        await deadline.CancelAsync();
        var result = await batch;

        Assert.Equal(["m1"], result.FailedMessageIds);
        Assert.Equal(ClaimState.Failed, claims.Snapshot().Single().State);
    }

    [Fact]
    public void Invalid_options_fail_at_construction_naming_the_setting()
    {
        var bad = Options with { MaxConcurrency = 0, JobsTableName = "" };

        var ex = Assert.Throws<DispatcherConfigurationException>(() =>
            new UploadDispatcher(bad, Policy, objects, claims, jobs, launcher, clock, NullLogger<UploadDispatcher>.Instance));

        Assert.Contains("MaxConcurrency", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JobsTableName", ex.Message, StringComparison.Ordinal);
    }

    private JobRecord NewQueuedJob(string jobId, string key) => new()
    {
        JobId = jobId,
        S3Bucket = Bucket,
        S3Key = key,
        Status = JobStatus.Queued,
        CreatedAt = clock.GetUtcNow(),
        UpdatedAt = clock.GetUtcNow(),
    };

    private sealed class SelectiveLauncher(ITaskLauncher inner, string failKey) : ITaskLauncher
    {
        public Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken) =>
            request.S3Key == failKey ? throw new TaskLaunchException("no capacity") : inner.LaunchAsync(request, cancellationToken);
    }
}
