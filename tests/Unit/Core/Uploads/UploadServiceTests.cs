using System.Text.Json;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Uploads;

/// <summary>The application layer on in-memory ports: validation, idempotent confirm, rollback, ownership.</summary>
public sealed class UploadServiceTests
{
    private const string Alice = "alice";
    private const string Bob = "bob";

    private static readonly byte[] Mp4Head = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2', 0, 0, 0, 0];

    private readonly InMemoryUploadStorage storage = new();
    private readonly InMemoryJobStore jobs = new();
    private readonly RecordingQueue queue = new();
    private readonly RecordingClaimRemover claims = new();
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly UploadApiOptions options = new() { VideosBucket = "videos", MultipartThresholdBytes = 10L * 1024 * 1024, PartSizeBytes = 5L * 1024 * 1024, MaxUploadBytes = 100L * 1024 * 1024 };

    private UploadService Uploads => new(options, storage, storage, jobs, jobs, queue, time, NullLogger<UploadService>.Instance);

    private UserJobService UserJobs => new(options, storage, storage, jobs, jobs, claims, time, NullLogger<UserJobService>.Instance);

    [Fact]
    public async Task A_small_upload_gets_one_presigned_put_and_a_large_one_a_multipart_plan()
    {
        var small = await Uploads.CreateAsync(Alice, new UploadRequest("a.mp4", 1000, "video/mp4"), default);
        var large = await Uploads.CreateAsync(Alice, new UploadRequest("b.MOV", (12L * 1024 * 1024) + 1, "video/quicktime"), default);

        Assert.NotNull(small.Put);
        Assert.Null(small.Multipart);
        Assert.Equal($"uploads/{small.JobId}/a.mp4", small.S3Key);
        Assert.Equal(time.GetUtcNow() + options.UploadUrlLifetime, small.ExpiresAt);
        Assert.Null(large.Put);
        Assert.Equal([1, 2, 3], large.Multipart!.Parts.Select(p => p.PartNumber));
        Assert.Equal((12L * 1024 * 1024) + 1, large.Multipart.Parts.Sum(p => p.Size));
        Assert.Equal(1, large.Multipart.Parts[^1].Size - (2L * 1024 * 1024));
        Assert.Single(storage.OpenMultipartUploads);
        Assert.Empty(queue.Sent);
        Assert.Null(await jobs.GetAsync(small.JobId, default));
    }

    [Theory]
    [InlineData("a.avi", 1000L, "video/mp4", "unsupported-file-type")]
    [InlineData("a.mp4", 1000L, "text/plain", "unsupported-file-type")]
    [InlineData("a.mp4", (100L * 1024 * 1024) + 1, "video/mp4", "upload-too-large")]
    [InlineData("a.mp4", 3L, "video/mp4", "invalid-request")]
    [InlineData(null, 1000L, "video/mp4", "invalid-request")]
    [InlineData("...mp4", 1000L, "video/mp4", "invalid-file-name")]
    public async Task Bad_upload_requests_name_their_problem_and_reserve_nothing(string? name, long size, string type, string problem)
    {
        var ex = await Assert.ThrowsAnyAsync<UploadApiException>(() => Uploads.CreateAsync(Alice, new UploadRequest(name, size, type), default));

        Assert.Equal(problem, ex.ProblemType);
        Assert.Empty(storage.Objects);
    }

    [Fact]
    public async Task Confirm_creates_the_queued_job_once_and_a_replay_returns_it()
    {
        var ticket = await UploadAsync(Alice);

        var first = await Uploads.ConfirmAsync(Alice, ticket.JobId, default);
        var replay = await Uploads.ConfirmAsync(Alice, ticket.JobId, default);

        Assert.True(first.Created);
        Assert.False(replay.Created);
        Assert.Equal("queued", first.Job.Status);
        var job = (await jobs.GetAsync(ticket.JobId, default))!;
        Assert.Equal(Alice, job.Owner);
        Assert.Equal(ticket.S3Key, job.S3Key);

        // While queued, a replay resends: the first confirm may have died before its message left.
        Assert.Equal(2, queue.Sent.Count);
        var parsed = Assert.Single(QueueMessageParser.Parse(queue.Sent[0]));
        Assert.Equal(new ObjectDispatchRequest("videos", ticket.S3Key, MessageOrigin.UploadConfirm, ticket.JobId), parsed.Request);

        Assert.True((await jobs.TryMarkDispatchedAsync(ticket.JobId, 1, "arn:task/1", "e1", default)).Applied);
        Assert.False((await Uploads.ConfirmAsync(Alice, ticket.JobId, default)).Created);
        Assert.Equal(2, queue.Sent.Count);
    }

    [Fact]
    public async Task A_lost_queue_message_rolls_the_job_back_and_a_retry_succeeds()
    {
        var ticket = await UploadAsync(Alice);
        queue.FailNext = 1;

        var ex = await Assert.ThrowsAsync<DispatchUnavailableException>(() => Uploads.ConfirmAsync(Alice, ticket.JobId, default));

        Assert.Equal("dispatch-unavailable", ex.ProblemType);
        Assert.Null(await jobs.GetAsync(ticket.JobId, default));
        Assert.Empty(queue.Sent);
        Assert.True((await Uploads.ConfirmAsync(Alice, ticket.JobId, default)).Created);
        Assert.Single(queue.Sent);
    }

    [Fact]
    public async Task Confirm_checks_presence_size_and_the_ftyp_box()
    {
        var ticket = await Uploads.CreateAsync(Alice, new UploadRequest("a.mp4", 64, "video/mp4"), default);
        Assert.Equal("upload-missing", (await Assert.ThrowsAsync<UploadMissingException>(() => Uploads.ConfirmAsync(Alice, ticket.JobId, default))).ProblemType);

        storage.Put(ticket.S3Key, new byte[65]);
        await Assert.ThrowsAsync<UploadSizeMismatchException>(() => Uploads.ConfirmAsync(Alice, ticket.JobId, default));

        storage.Put(ticket.S3Key, "%PDF-1.7 this is a document, not a video, padded to 64 bytes ...."u8.ToArray()[..64]);
        await Assert.ThrowsAsync<NotAVideoException>(() => Uploads.ConfirmAsync(Alice, ticket.JobId, default));

        Assert.Null(await jobs.GetAsync(ticket.JobId, default));
        Assert.Empty(queue.Sent);
    }

    [Fact]
    public async Task Another_owner_and_unknown_or_tampered_ids_all_read_as_job_not_found()
    {
        var ticket = await UploadAsync(Alice);
        await Uploads.ConfirmAsync(Alice, ticket.JobId, default);
        var tampered = ticket.JobId[..^1] + (ticket.JobId[^1] == 'a' ? 'b' : 'a');

        foreach (var (owner, id) in new[] { (Bob, ticket.JobId), (Alice, tampered), (Alice, "../../etc"), (Alice, ticket.JobId.ToUpperInvariant()) })
        {
            Assert.Equal("job-not-found", (await Assert.ThrowsAsync<JobNotFoundException>(() => Uploads.ConfirmAsync(owner, id, default))).ProblemType);
            await Assert.ThrowsAsync<JobNotFoundException>(() => UserJobs.GetAsync(owner, id, default));
            await Assert.ThrowsAsync<JobNotFoundException>(() => UserJobs.DeleteAsync(owner, id, default));
        }

        Assert.Empty((await UserJobs.ListAsync(Bob, null, null, default)).Jobs);
        Assert.Single((await UserJobs.ListAsync(Alice, null, null, default)).Jobs);
    }

    [Fact]
    public async Task A_job_the_dispatcher_made_from_the_uploads_own_s3_event_is_adopted_at_confirm()
    {
        var ticket = await UploadAsync(Alice);
        var now = time.GetUtcNow();
        await jobs.TryCreateAsync(new JobRecord { JobId = ticket.JobId, S3Bucket = "videos", S3Key = ticket.S3Key, Status = JobStatus.Dispatched, CreatedAt = now, UpdatedAt = now }, default);

        var result = await Uploads.ConfirmAsync(Alice, ticket.JobId, default);

        Assert.False(result.Created);
        Assert.Equal("dispatched", result.Job.Status);
        Assert.Equal(Alice, (await jobs.GetAsync(ticket.JobId, default))!.Owner);
        Assert.Empty(queue.Sent);
    }

    [Fact]
    public async Task Multipart_complete_requires_the_parts_and_is_a_no_op_once_the_object_exists()
    {
        var ticket = await Uploads.CreateAsync(Alice, new UploadRequest("big.mp4", 11L * 1024 * 1024, "video/mp4"), default);
        await Assert.ThrowsAsync<InvalidUploadRequestException>(() => Uploads.CompleteAsync(Alice, ticket.JobId, new MultipartCompletion([]), default));
        await Assert.ThrowsAsync<InvalidUploadRequestException>(() => Uploads.CompleteAsync(Alice, ticket.JobId, new MultipartCompletion([new(1, "a"), new(1, "b")]), default));
        await Assert.ThrowsAsync<UploadMissingException>(() => Uploads.ConfirmAsync(Alice, ticket.JobId, default));

        await Uploads.CompleteAsync(Alice, ticket.JobId, new MultipartCompletion([new(1, "a"), new(2, "b"), new(3, "c")]), default);
        storage.Put(ticket.S3Key, [.. Mp4Head, .. new byte[(11 * 1024 * 1024) - Mp4Head.Length]]);
        await Uploads.CompleteAsync(Alice, ticket.JobId, new MultipartCompletion([new(1, "a"), new(2, "b"), new(3, "c")]), default);

        Assert.True((await Uploads.ConfirmAsync(Alice, ticket.JobId, default)).Created);
        var single = await UploadAsync(Alice);
        await Assert.ThrowsAsync<MultipartCompletionException>(() => Uploads.CompleteAsync(Alice, single.JobId, new MultipartCompletion([new(1, "a")]), default));
    }

    [Fact]
    public async Task The_list_is_newest_first_in_pages_with_a_cursor()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var ticket = await UploadAsync(Alice);
            await Uploads.ConfirmAsync(Alice, ticket.JobId, default);
            ids.Add(ticket.JobId);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await UserJobs.ListAsync(Alice, 2, null, default);
        var second = await UserJobs.ListAsync(Alice, 2, first.NextCursor, default);
        var third = await UserJobs.ListAsync(Alice, 2, second.NextCursor, default);

        ids.Reverse();
        Assert.Equal(ids, first.Jobs.Concat(second.Jobs).Concat(third.Jobs).Select(j => j.JobId));
        Assert.Null(third.NextCursor);
        await Assert.ThrowsAsync<InvalidUploadRequestException>(() => UserJobs.ListAsync(Alice, 0, null, default));
        await Assert.ThrowsAsync<InvalidCursorException>(() => UserJobs.ListAsync(Alice, 2, "garbage", default));
    }

    [Fact]
    public async Task Results_are_signed_only_for_the_jobs_own_documents_once_it_succeeded()
    {
        var ticket = await UploadAsync(Alice);
        await Uploads.ConfirmAsync(Alice, ticket.JobId, default);
        await Assert.ThrowsAsync<ResultsNotReadyException>(() => UserJobs.GetDocumentUrlAsync(Alice, ticket.JobId, "json", default));

        var prefix = $"results/{ticket.JobId}/";
        await SucceedAsync(ticket.JobId, [prefix + "summary.json", prefix + "transcript.vtt", prefix + "keyframes/scene-001.jpg"]);

        Assert.Contains($"/{prefix}summary.json?", (await UserJobs.GetDocumentUrlAsync(Alice, ticket.JobId, "json", default)).AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains($"/{prefix}transcript.vtt?", (await UserJobs.GetDocumentUrlAsync(Alice, ticket.JobId, "vtt", default)).AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(["keyframes/scene-001.jpg"], await UserJobs.ListKeyframesAsync(Alice, ticket.JobId, default));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => UserJobs.GetDocumentUrlAsync(Alice, ticket.JobId, "md", default));
        await Assert.ThrowsAsync<DocumentNotFoundException>(() => UserJobs.GetDocumentUrlAsync(Alice, ticket.JobId, "../other/summary.json", default));
        Assert.Equal(1.0, (await UserJobs.GetAsync(Alice, ticket.JobId, default)).Progress);
    }

    [Fact]
    public async Task Delete_refuses_active_jobs_and_removes_results_upload_claim_and_job()
    {
        var ticket = await UploadAsync(Alice);
        await Uploads.ConfirmAsync(Alice, ticket.JobId, default);
        Assert.Equal("job-active", (await Assert.ThrowsAsync<JobStillActiveException>(() => UserJobs.DeleteAsync(Alice, ticket.JobId, default))).ProblemType);

        storage.Put($"results/{ticket.JobId}/summary.json", [1]);
        await SucceedAsync(ticket.JobId, [$"results/{ticket.JobId}/summary.json"]);
        await UserJobs.DeleteAsync(Alice, ticket.JobId, default);

        Assert.Empty(storage.Objects);
        Assert.Equal([$"{ticket.S3Key}|e1"], claims.Deleted);
        Assert.Null(await jobs.GetAsync(ticket.JobId, default));
        await Assert.ThrowsAsync<JobNotFoundException>(() => UserJobs.DeleteAsync(Alice, ticket.JobId, default));
    }

    [Fact]
    public async Task An_unconfirmed_upload_can_be_deleted_by_its_owner_only()
    {
        var ticket = await Uploads.CreateAsync(Alice, new UploadRequest("big.mp4", 11L * 1024 * 1024, "video/mp4"), default);
        await Assert.ThrowsAsync<JobNotFoundException>(() => UserJobs.DeleteAsync(Bob, ticket.JobId, default));

        await UserJobs.DeleteAsync(Alice, ticket.JobId, default);

        Assert.Empty(storage.Objects);
        Assert.Empty(storage.OpenMultipartUploads);
    }

    [Fact]
    public void The_reservation_document_round_trips_and_garbage_reads_as_absent()
    {
        var reservation = new UploadReservation
        {
            JobId = UploadNaming.NewJobId(),
            Owner = Alice,
            S3Key = "uploads/x/a.mp4",
            FileName = "a.mp4",
            Size = 10,
            ContentType = "video/mp4",
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = time.GetUtcNow().AddHours(1),
        };

        Assert.Equal(reservation, UploadReservation.TryParse(reservation.ToJsonBytes()));
        Assert.Null(UploadReservation.TryParse("{not json"u8.ToArray()));
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(reservation.ToJsonBytes()).RootElement.ValueKind);
    }

    private async Task<UploadTicket> UploadAsync(string owner)
    {
        var ticket = await Uploads.CreateAsync(owner, new UploadRequest("clip.mp4", 64, "video/mp4"), default);
        storage.Put(ticket.S3Key, [.. Mp4Head, .. new byte[64 - Mp4Head.Length]]);
        return ticket;
    }

    /// <summary>The processor's transitions for one successful attempt of ETag e1 (dispatched, running, succeeded).</summary>
    private async Task SucceedAsync(string jobId, IReadOnlyList<string> resultKeys)
    {
        Assert.True((await jobs.TryMarkDispatchedAsync(jobId, 1, "arn:task/1", "e1", default)).Applied);
        Assert.True((await jobs.TryMarkRunningAsync(jobId, 1, "download", default)).Applied);
        Assert.True((await jobs.TryMarkSucceededAsync(jobId, 1, resultKeys, new Dictionary<string, double>(), "upload", default)).Applied);
    }
}
