using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.Tests.Unit.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Processing.Fakes;

/// <summary>
/// A processor run against fakes: job "job-1" dispatched, claim on uploads/talk.mp4|etag attempt 2
/// dispatched, the object present, and a private WORK_DIR that tests check is empty afterwards. MAX_ATTEMPTS is 2,
/// so attempt 2 is the last and every failure is terminal; tests of retries give the claim policy more attempts.
/// </summary>
internal sealed class RunnerHarness : IDisposable
{
    public const string Bucket = "lifestream-test";
    public const string Key = "uploads/talk.mp4";
    public const string ETag = "0123456789abcdef0123456789abcdef";
    public const string JobId = "job-1";
    public const int Attempt = 2;

    public RunnerHarness(FakePipeline? pipeline = null)
    {
        WorkDir = Directory.CreateTempSubdirectory("lifestream-runner-").FullName;
        Pipeline = pipeline ?? FakePipeline.WritingDocuments();
        Settings = new ProcessorSettings
        {
            JobId = JobId,
            S3Bucket = Bucket,
            S3Key = Key,
            ETag = ETag,
            ClaimAttempt = Attempt,
            WorkDir = WorkDir,
            JobsTableName = "jobs",
            IdempotencyTableName = "claims",
            TaskTimeout = TimeSpan.FromMinutes(30),
            LeaseRenewInterval = TimeSpan.FromSeconds(60),
            ClaimPolicy = new IdempotencyOptions { MaxAttempts = Attempt },
        };
        var now = Time.GetUtcNow();
        Jobs.Put(new JobRecord { JobId = JobId, S3Bucket = Bucket, S3Key = Key, ETag = ETag, Status = JobStatus.Dispatched, Attempts = Attempt, CreatedAt = now, UpdatedAt = now });
        Claims.Put(new ClaimRecord { Key = ClaimKey.Value, State = ClaimState.Dispatched, JobId = JobId, Attempt = Attempt, UpdatedAt = now, ExpiresAtEpochSeconds = now.AddDays(7).ToUnixTimeSeconds() });
        Objects.Put(Bucket, Key, VideoBytes, ETag);
    }

    public static byte[] VideoBytes { get; } = Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray();

    public static IdempotencyKey ClaimKey => new(Key, ETag);

    public string WorkDir { get; }

    public ProcessorSettings Settings { get; set; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));

    public InMemoryJobStore Jobs { get; } = new();

    public FakeIdempotencyStore Claims { get; } = new();

    public FakeObjectStore Objects { get; } = new();

    public FakePipeline Pipeline { get; set; }

    public ListLogger Logger { get; } = new();

    public FakeDiskSpace Disk { get; } = new();

    public JobRecord Job => Jobs.Get(JobId);

    public ClaimRecord Claim => Claims.Get(ClaimKey);

    public Task<ProcessorOutcome> RunAsync(CancellationToken stopToken = default) =>
        new ProcessorRunner(Settings, Jobs, Claims, Objects, Pipeline, Logger, Time, Disk).RunAsync(stopToken);

    public FailureReport? UploadedFailureReport() =>
        Objects.Find(Bucket, $"results/{JobId}/failure_report.json") is { } stored
            ? FailureReport.FromJson(System.Text.Encoding.UTF8.GetString(stored.Content))
            : null;

    public bool WorkDirIsEmpty() => !Directory.EnumerateFileSystemEntries(WorkDir).Any();

    public void Dispose() => Directory.Delete(WorkDir, recursive: true);

    internal sealed class FakeDiskSpace : IDiskSpaceProbe
    {
        public long AvailableBytes { get; set; } = long.MaxValue / 2;

        public long GetAvailableBytes(string directory) => AvailableBytes;
    }
}
