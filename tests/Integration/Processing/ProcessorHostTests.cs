using System.Text.Json;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>
/// The real processor host binary, started as a process against the emulators (S3 + DynamoDB tables from the
/// Terraform module), through every terminal path: results, failure report, job status, claim state and an
/// empty WORK_DIR.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class ProcessorHostTests(LocalAwsFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private ProcessorHostScenario scenario = null!;

    public async Task InitializeAsync() => scenario = await ProcessorHostScenario.CreateAsync(fixture.Stack);

    public Task DisposeAsync()
    {
        scenario.Dispose();
        return Task.CompletedTask;
    }

    [SkippableFact]
    public async Task Success_leaves_results_job_succeeded_claim_processed_and_an_empty_work_dir()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var submission = await scenario.SubmitAsync(FixturePath("interview-20s"), "interview 20s.mp4");

        var exit = await RunHostAsync(scenario.EnvironmentFor(submission));

        Assert.Equal(0, exit);
        var summaryKey = $"results/{submission.JobId}/summary.json";
        var keys = await scenario.ResultKeysAsync(submission.JobId);
        foreach (var document in new[] { "summary.json", "summary.md", "transcript.vtt", "transcript.srt", "diarization.rttm" })
        {
            Assert.Contains($"results/{submission.JobId}/{document}", keys);
        }

        using var summary = JsonDocument.Parse(await scenario.ReadTextAsync(summaryKey));
        Assert.InRange(summary.RootElement.GetProperty("media").GetProperty("durationSeconds").GetDouble(), 19.5, 20.5);
        Assert.Equal(submission.Key, summary.RootElement.GetProperty("source").GetProperty("key").GetString());
        Assert.Equal(2, summary.RootElement.GetProperty("speakers").GetArrayLength());

        var job = await scenario.JobAsync(submission.JobId);
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Contains(summaryKey, job.ResultKeys);
        Assert.Contains("download", job.StageTimings.Keys);
        Assert.Contains("probe", job.StageTimings.Keys);
        Assert.Contains("upload", job.StageTimings.Keys);
        var claim = await scenario.ClaimAsync(submission);
        Assert.Equal(ClaimState.Processed, claim.State);
        Assert.Equal(summaryKey, claim.ResultS3Key);
        Assert.True(scenario.WorkDirIsEmpty());
    }

    [SkippableFact]
    public async Task Duplicate_task_for_a_processed_claim_exits_0_without_redoing_work()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var submission = await scenario.SubmitAsync(FixturePath("interview-20s"), "interview.mp4");
        Assert.Equal(0, await RunHostAsync(scenario.EnvironmentFor(submission)));
        var jobAfterFirst = await scenario.JobAsync(submission.JobId);
        var claimAfterFirst = await scenario.ClaimAsync(submission);

        var (exit, log) = await RunHostWithLogAsync(scenario.EnvironmentFor(submission));

        Assert.Equal(0, exit);
        Assert.Contains("already processed", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Downloaded", log, StringComparison.Ordinal);
        Assert.Equal(jobAfterFirst, await scenario.JobAsync(submission.JobId), JobRecordComparer.Instance);
        Assert.Equal(claimAfterFirst, await scenario.ClaimAsync(submission));
        Assert.True(scenario.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Missing_object_fails_with_a_report_at_download()
    {
        var submission = await scenario.SubmitAsync(localFile: null, "gone.mp4");

        var exit = await RunHostAsync(scenario.EnvironmentFor(submission));

        Assert.Equal(1, exit);
        var report = await AssertFailedAsync(submission, JobStatus.Failed);
        Assert.Equal("download", report.Stage);
        Assert.Equal(nameof(Lifestream.Core.Storage.ObjectNotFoundException), report.ErrorType);
    }

    [SkippableFact]
    public async Task Corrupt_video_fails_at_probe()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var corrupt = await MediaFixtures.TruncatedCopyAsync(FixturePath("interview-20s"), scenario.TempDir);
        var submission = await scenario.SubmitAsync(corrupt, "corrupt.mp4");

        Assert.Equal(1, await RunHostAsync(scenario.EnvironmentFor(submission)));

        var report = await AssertFailedAsync(submission, JobStatus.Failed);
        Assert.Equal("probe", report.Stage);
        Assert.Contains("corrupt or truncated", report.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Zero_byte_file_fails_at_probe()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var submission = await scenario.SubmitAsync(await MediaFixtures.EmptyFileAsync(scenario.TempDir), "empty.mp4");

        Assert.Equal(1, await RunHostAsync(scenario.EnvironmentFor(submission)));

        var report = await AssertFailedAsync(submission, JobStatus.Failed);
        Assert.Equal("probe", report.Stage);
        Assert.Contains("empty (0 bytes)", report.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Non_video_file_fails_at_probe()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var submission = await scenario.SubmitAsync(await MediaFixtures.TextFileAsync(scenario.TempDir), "agenda.mp4");

        Assert.Equal(1, await RunHostAsync(scenario.EnvironmentFor(submission)));

        var report = await AssertFailedAsync(submission, JobStatus.Failed);
        Assert.Equal("probe", report.Stage);
        Assert.Equal("MediaUnreadableException", report.ErrorType);
    }

    [Fact]
    public async Task Tiny_task_timeout_cancels_a_stalled_download_and_ends_timed_out_with_124()
    {
        await using var proxy = new StallingS3Proxy(scenario.S3Endpoint);
        var submission = await scenario.SubmitAsync(FixturePath("interview-20s"), "slow.mp4", stall: true);

        var exit = await RunHostAsync(scenario.EnvironmentFor(submission, taskTimeoutSeconds: 8, s3Endpoint: proxy.Endpoint));

        Assert.Equal(124, exit);
        Assert.True(proxy.StalledRequests > 0, "the host never reached the object download");
        var report = await AssertFailedAsync(submission, JobStatus.TimedOut);
        Assert.Equal("TaskTimeout", report.ErrorType);
        Assert.Equal("download", report.Stage);
    }

    [Fact]
    public async Task Sigterm_cancels_the_run_and_ends_interrupted_with_143()
    {
        var (submission, exit) = await SigtermDuringDownloadAsync("stopped.mp4", maxAttempts: 1);

        Assert.Equal(143, exit);
        var report = await AssertFailedAsync(submission, JobStatus.Interrupted);
        Assert.Equal("Interrupted", report.ErrorType);
        Assert.Equal("download", report.Stage);
    }

    [Fact]
    public async Task Sigterm_with_attempts_left_leaves_the_job_retrying_and_the_claim_retakeable()
    {
        var (submission, exit) = await SigtermDuringDownloadAsync("maintenance.mp4", maxAttempts: 3);

        Assert.Equal(143, exit);
        var job = await scenario.JobAsync(submission.JobId);
        Assert.Equal(JobStatus.Retrying, job.Status);
        Assert.NotNull(job.RetryAt);
        Assert.Equal(ClaimState.Failed, (await scenario.ClaimAsync(submission)).State);
        Assert.Equal([$"results/{submission.JobId}/attempts/{submission.Attempt}/{FailureReport.FileName}"], await scenario.ResultKeysAsync(submission.JobId));
        Assert.True(scenario.WorkDirIsEmpty());
    }

    /// <summary>Starts a host on a stalled download and stops it like ECS does once it is inside the GET (no sleeps).</summary>
    private async Task<(Submission Submission, int ExitCode)> SigtermDuringDownloadAsync(string name, int maxAttempts)
    {
        await using var proxy = new StallingS3Proxy(scenario.S3Endpoint);
        var submission = await scenario.SubmitAsync(FixturePath("interview-20s"), name, stall: true);
        using var host = ProcessorHostProcess.Start(scenario.EnvironmentFor(submission, taskTimeoutSeconds: 600, s3Endpoint: proxy.Endpoint, maxAttempts: maxAttempts));
        while (proxy.StalledRequests == 0 && !host.HasExited)
        {
            await Task.Delay(50);
        }

        host.SendSigterm();
        var exit = await host.WaitForExitAsync();
        output.WriteLine(host.Output);
        return (submission, exit);
    }

    private static string FixturePath(string name) =>
        Path.Combine(Lifestream.LocalAws.Terraform.RepositoryPaths.FindRepositoryRoot(), "fixtures", name, name + ".mp4");

    /// <summary>The common failure-path checks: job status, claim abandoned (terminal), report uploaded, nothing left on disk.</summary>
    private async Task<FailureReport> AssertFailedAsync(Submission submission, JobStatus expected)
    {
        var job = await scenario.JobAsync(submission.JobId);
        Assert.Equal(expected, job.Status);
        Assert.False(string.IsNullOrEmpty(job.Error));
        Assert.Equal(ClaimState.Abandoned, (await scenario.ClaimAsync(submission)).State);
        Assert.Equal([$"results/{submission.JobId}/{FailureReport.FileName}"], await scenario.ResultKeysAsync(submission.JobId));
        var report = await scenario.FailureReportAsync(submission.JobId);
        Assert.Equal(expected.ToWire(), report.Outcome);
        Assert.Equal(submission.JobId, report.JobId);
        Assert.DoesNotContain("X-Amz-Signature", report.ToJson(), StringComparison.Ordinal);
        Assert.True(scenario.WorkDirIsEmpty(), "WORK_DIR must be empty after a failed run");
        return report;
    }

    private async Task<int> RunHostAsync(IReadOnlyDictionary<string, string> environment) => (await RunHostWithLogAsync(environment)).ExitCode;

    private async Task<(int ExitCode, string Log)> RunHostWithLogAsync(IReadOnlyDictionary<string, string> environment)
    {
        using var host = ProcessorHostProcess.Start(environment);
        var exit = await host.WaitForExitAsync();
        output.WriteLine(host.Output);
        return (exit, host.Output);
    }

    /// <summary>Records compare by value except the collections (records compare those by reference).</summary>
    private sealed class JobRecordComparer : IEqualityComparer<JobRecord>
    {
        private static readonly IReadOnlyList<string> NoKeys = [];
        private static readonly IReadOnlyDictionary<string, double> NoTimings = new Dictionary<string, double>();

        public static JobRecordComparer Instance { get; } = new();

        public bool Equals(JobRecord? x, JobRecord? y) =>
            x is not null && y is not null
            && x with { ResultKeys = NoKeys, StageTimings = NoTimings } == y with { ResultKeys = NoKeys, StageTimings = NoTimings }
            && x.ResultKeys.SequenceEqual(y.ResultKeys)
            && x.StageTimings.OrderBy(p => p.Key).SequenceEqual(y.StageTimings.OrderBy(p => p.Key));

        public int GetHashCode(JobRecord obj) => obj.JobId.GetHashCode(StringComparison.Ordinal);
    }
}
