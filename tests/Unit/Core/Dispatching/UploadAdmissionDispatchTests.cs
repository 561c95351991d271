using System.Net;
using System.Text;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;
using Lifestream.Tests;
using Lifestream.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Dispatching;

/// <summary>The dispatcher refuses, before a task is paid for: another bucket, an unsafe key, an object over the size limit.</summary>
public sealed class UploadAdmissionDispatchTests
{
    private const string Bucket = "media";
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(15), MaxAttempts = 3 };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeObjectStore objects = new();
    private readonly InMemoryJobStore jobs = new();
    private readonly RecordingTaskLauncher launcher = new();
    private readonly InMemoryIdempotencyStore claims;
    private readonly UploadDispatcher dispatcher;

    public UploadAdmissionDispatchTests()
    {
        claims = new InMemoryIdempotencyStore(Policy, clock);
        var options = new DispatcherOptions
        {
            JobsTableName = "jobs",
            IdempotencyTableName = "idem",
            VideosBucket = Bucket,
            Limits = new UploadLimits { MaxObjectBytes = 10_000, MaxDurationSeconds = 600 },
        };
        dispatcher = new UploadDispatcher(options, Policy, objects, claims, jobs, launcher, clock, NullLogger<UploadDispatcher>.Instance);
    }

    private static string EventBody(string bucket, string encodedKey) =>
        "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + bucket
        + "\"},\"object\":{\"key\":" + System.Text.Json.JsonSerializer.Serialize(encodedKey) + "}}}]}";

    private async Task<DispatchOutcome> DispatchAsync(string body) =>
        Assert.Single(Assert.Single((await dispatcher.DispatchBatchAsync([new QueueMessage("m1", body)], default)).Messages).Records);

    [Fact]
    public async Task A_record_from_another_bucket_is_rejected_and_logged_without_touching_storage_or_tables()
    {
        objects.HeadFailure = new InvalidOperationException("HeadObject must not be called");

        var outcome = await DispatchAsync(EventBody("someone-elses-bucket", "uploads/a.mp4"));

        Assert.Equal(DispatchOutcomeKind.Rejected, outcome.Kind);
        Assert.True(outcome.Acknowledge);
        Assert.Contains("bucket 'someone-elses-bucket' is not the configured uploads bucket 'media'", outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(launcher.Launches);
        Assert.Empty(await jobs.FindByS3KeyAsync("uploads/a.mp4", default));
    }

    [Theory]
    [InlineData("uploads/..%2F..%2Fetc%2Fpasswd.mp4", "'.' or '..'")]
    [InlineData("uploads/a%5Cb.mp4", "backslash")]
    [InlineData("uploads/a%00b.mp4", "control characters")]
    [InlineData("uploads/a%0Ab.mp4", "control characters")]
    [InlineData("uploads/.%2Fa.mp4", "'.' or '..'")]
    public async Task An_unsafe_key_is_rejected_with_a_job_record_before_head_object(string encodedKey, string reason)
    {
        objects.HeadFailure = new InvalidOperationException("HeadObject must not be called");
        var key = WebUtility.UrlDecode(encodedKey);

        var outcome = await DispatchAsync(EventBody(Bucket, encodedKey));
        var again = await DispatchAsync(EventBody(Bucket, encodedKey));

        Assert.Equal(DispatchOutcomeKind.Rejected, outcome.Kind);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Empty(launcher.Launches);
        var job = Assert.Single(await jobs.FindByS3KeyAsync(key, default));
        Assert.Equal(JobStatus.Rejected, job.Status);
        Assert.Equal(outcome.Reason, job.Error);
        Assert.Equal(job.JobId, again.JobId);
    }

    [Fact]
    public async Task An_upload_confirm_for_an_unsafe_key_rejects_its_queued_job()
    {
        var now = clock.GetUtcNow();
        await jobs.TryCreateAsync(new JobRecord { JobId = "job-7", S3Bucket = Bucket, S3Key = "uploads/a\\b.mp4", Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now }, default);

        var outcome = await DispatchAsync("{\"job_id\":\"job-7\",\"video_s3_key\":\"uploads/a\\\\b.mp4\",\"video_s3_bucket\":\"media\"}");

        Assert.Equal(DispatchOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal("job-7", outcome.JobId);
        Assert.Equal(JobStatus.Rejected, (await jobs.GetAsync("job-7", default))!.Status);
    }

    [Fact]
    public async Task An_object_over_the_size_limit_is_rejected_at_head_object_with_the_limit_and_the_value_and_never_claimed()
    {
        objects.Put(Bucket, "uploads/huge.mp4", "etag-1", size: 10_001);

        var outcome = await DispatchAsync(EventBody(Bucket, "uploads/huge.mp4"));
        var redelivered = await DispatchAsync(EventBody(Bucket, "uploads/huge.mp4"));

        Assert.Equal(DispatchOutcomeKind.Rejected, outcome.Kind);
        Assert.Equal("rejected: object size 10001 bytes exceeds the limit of 10000 bytes (LIFESTREAM_MAX_OBJECT_BYTES)", outcome.Reason);
        Assert.Empty(launcher.Launches);
        Assert.Null(await claims.GetAsync(new IdempotencyKey("uploads/huge.mp4", "etag-1"), default));
        var job = Assert.Single(await jobs.FindByS3KeyAsync("uploads/huge.mp4", default));
        Assert.Equal(JobStatus.Rejected, job.Status);
        Assert.Equal("etag-1", job.ETag);
        Assert.Equal(job.JobId, redelivered.JobId);
    }

    [Fact]
    public async Task The_limits_are_passed_to_the_task()
    {
        objects.Put(Bucket, "uploads/a.mp4", "etag-1", size: 10_000);

        var outcome = await DispatchAsync(EventBody(Bucket, "uploads/a.mp4"));

        Assert.Equal(DispatchOutcomeKind.Launched, outcome.Kind);
        var environment = Assert.Single(launcher.Launches).Environment;
        Assert.Equal("10000", environment[UploadLimits.MaxObjectBytesVariable]);
        Assert.Equal("600", environment[UploadLimits.MaxDurationSecondsVariable]);
    }

    [Theory]
    [InlineData("uploads/%E6%97%A5%E6%9C%AC%E8%AA%9E+%E3%81%AE+%E5%8B%95%E7%94%BB.mov", "uploads/日本語 の 動画.mov")]
    [InlineData("uploads/a%2Bb+%2520c.mp4", "uploads/a+b %20c.mp4")]
    [InlineData("uploads/%F0%9F%8E%AC+talk.mp4", "uploads/🎬 talk.mp4")]
    public async Task Non_ascii_and_plus_percent_keys_are_decoded_once_and_launched(string encodedKey, string key)
    {
        objects.Put(Bucket, key, "etag-1");

        var outcome = await DispatchAsync(EventBody(Bucket, encodedKey));

        Assert.Equal(DispatchOutcomeKind.Launched, outcome.Kind);
        Assert.Equal(key, Assert.Single(launcher.Launches).S3Key);
    }

    [Fact]
    public async Task A_key_of_1024_bytes_is_launched()
    {
        var key = "uploads/" + new string('é', (UploadKeyRule.MaxKeyBytes - 12) / 2) + ".mp4";
        Assert.Equal(UploadKeyRule.MaxKeyBytes, Encoding.UTF8.GetByteCount(key));
        objects.Put(Bucket, key, "etag-1");

        var outcome = await DispatchAsync(EventBody(Bucket, Uri.EscapeDataString(key)));

        Assert.Equal(DispatchOutcomeKind.Launched, outcome.Kind);
        Assert.Equal(key, Assert.Single(launcher.Launches).S3Key);
    }
}
