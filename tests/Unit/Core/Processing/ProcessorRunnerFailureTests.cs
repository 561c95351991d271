using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Core.Storage;
using Lifestream.Tests.Unit.Core.Processing.Fakes;
using Lifestream.Tests.Unit.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

/// <summary>Every branch that ends a run without results: the terminal job status, claim state, report and cleanup.</summary>
public sealed class ProcessorRunnerFailureTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Missing_object_fails_the_job_with_a_report_at_the_download_stage()
    {
        var fresh = new FakeObjectStore();
        var outcome = await new ProcessorRunner(harness.Settings, harness.Jobs, harness.Claims, fresh, harness.Pipeline, harness.Logger, harness.Time, harness.Disk)
            .RunAsync(CancellationToken.None);

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(JobStatus.Failed, harness.Job.Status);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.Equal("download", harness.Job.CurrentStage);
        Assert.Contains(nameof(ObjectNotFoundException), harness.Job.Error, StringComparison.Ordinal);
        var report = FailureReport.FromJson(System.Text.Encoding.UTF8.GetString(fresh.Find(RunnerHarness.Bucket, "results/job-1/failure_report.json")!.Content));
        Assert.Equal(nameof(ObjectNotFoundException), report.ErrorType);
        Assert.Equal("download", report.Stage);
        Assert.Equal("failed", report.Outcome);
        Assert.Equal(1, report.ExitCode);
        Assert.Equal(0, harness.Pipeline.Calls);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Overwritten_object_with_another_etag_is_not_processed_under_this_claim()
    {
        harness.Objects.Put(RunnerHarness.Bucket, RunnerHarness.Key, [1, 2, 3], "feedfacefeedfacefeedfacefeedface");

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(nameof(SourceObjectChangedException), harness.UploadedFailureReport()!.ErrorType);
        Assert.Equal(0, harness.Objects.DownloadCalls);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Too_little_free_disk_for_the_disk_need_rejects_before_downloading()
    {
        harness.Disk.AvailableBytes = RunnerHarness.VideoBytes.Length;

        var outcome = await harness.RunAsync();

        // The disk need (object + PCM scratch + keyframes + headroom) is one of the upload limits: rejected, never retried.
        Assert.Equal(ProcessorExitCode.Rejected, outcome.ExitCode);
        Assert.Equal(JobStatus.Rejected, harness.Job.Status);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal(nameof(InsufficientDiskSpaceException), report.ErrorType);
        Assert.Contains("need", report.Message, StringComparison.Ordinal);
        Assert.Equal(0, harness.Objects.DownloadCalls);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Truncated_download_is_detected_by_size()
    {
        harness.Objects.TruncateDownloadTo = 10;

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(nameof(IncompleteDownloadException), harness.UploadedFailureReport()!.ErrorType);
        Assert.Equal(0, harness.Pipeline.Calls);
    }

    [Fact]
    public async Task Pipeline_exception_names_its_stage_in_job_and_report()
    {
        harness.Pipeline = FakePipeline.Throwing(new PipelineException("asr", "recognizer crashed", new InvalidOperationException("native error 7")));

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(JobStatus.Failed, harness.Job.Status);
        Assert.Equal("asr", harness.Job.CurrentStage);
        Assert.Equal("gave up after 2 attempt(s): asr: PipelineException: recognizer crashed", harness.Job.Error);
        Assert.Equal(["results/job-1/failure_report.json"], harness.Job.ResultKeys);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal("asr", report.Stage);
        Assert.Equal("PipelineException", report.ErrorType);
        Assert.Equal([new ExceptionCause("InvalidOperationException", "native error 7")], report.Causes);
        Assert.Contains("download", report.StageTimings.Keys);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.Contains("recognizer crashed", harness.Claim.Error, StringComparison.Ordinal);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Unexpected_exception_is_blamed_on_the_stage_that_was_running()
    {
        harness.Pipeline = new FakePipeline((_, progress, _) =>
        {
            progress?.Report(new StageProgress("scenes", StageState.Started, TimeSpan.Zero));
            throw new IOException("disk went away");
        });

        await harness.RunAsync();

        var report = harness.UploadedFailureReport()!;
        Assert.Equal("scenes", report.Stage);
        Assert.Equal(nameof(IOException), report.ErrorType);
    }

    [Fact]
    public async Task Failure_report_job_error_and_logs_carry_no_presigned_signature_or_access_key()
    {
        const string url = "https://bucket.s3.amazonaws.com/uploads/talk.mp4?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261129&X-Amz-Signature=deadbeef00";
        harness.Pipeline = FakePipeline.Throwing(new PipelineException("audio", $"ffmpeg failed reading {url} with key AKIAIOSFODNN7EXAMPLE"));

        await harness.RunAsync();

        var reportJson = System.Text.Encoding.UTF8.GetString(harness.Objects.Find(RunnerHarness.Bucket, "results/job-1/failure_report.json")!.Content);
        foreach (var text in new[] { reportJson, harness.Job.Error!, harness.Claim.Error!, string.Join('\n', harness.Logger.Lines) })
        {
            Assert.DoesNotContain("deadbeef00", text, StringComparison.Ordinal);
            Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", text, StringComparison.Ordinal);
        }

        Assert.Contains("https://bucket.s3.amazonaws.com/uploads/talk.mp4?[redacted]", reportJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pipeline_without_summary_json_is_an_upload_failure()
    {
        harness.Pipeline = new FakePipeline((request, _, _) =>
        {
            File.WriteAllText(Path.Combine(request.OutputDirectory, "notes.txt"), "x");
            return Task.FromResult(new PipelineResult { Documents = ["notes.txt"], StageTimings = new Dictionary<string, double>() });
        });

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal(nameof(ResultUploadException), report.ErrorType);
        Assert.Equal("upload", report.Stage);
        Assert.Empty(harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/job-1/notes"));
    }

    [Fact]
    public async Task Upload_failure_fails_the_job_and_still_publishes_the_failure_report()
    {
        harness.Objects.UploadFailure = key => key.EndsWith("summary.md", StringComparison.Ordinal) ? new IOException("connection reset") : null;

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(JobStatus.Failed, harness.Job.Status);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal(nameof(ResultUploadException), report.ErrorType);
        Assert.Equal("upload", report.Stage);
        Assert.Equal([new ExceptionCause("IOException", "connection reset")], report.Causes);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Failure_report_upload_failure_still_fails_job_and_claim()
    {
        harness.Pipeline = FakePipeline.Throwing(new PipelineException("probe", "not a video"));
        harness.Objects.UploadFailure = _ => new IOException("S3 unavailable");

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(JobStatus.Failed, harness.Job.Status);
        Assert.Empty(harness.Job.ResultKeys);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Job_in_a_terminal_state_is_not_restarted()
    {
        harness.Jobs.Put(harness.Job with { Status = JobStatus.Rejected });

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(JobStatus.Rejected, harness.Job.Status);
        Assert.Equal(nameof(JobStateConflictException), harness.UploadedFailureReport()!.ErrorType);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.Equal(0, harness.Objects.DownloadCalls);
    }

    [Fact]
    public async Task Claim_held_by_a_newer_attempt_exits_3_and_writes_nothing()
    {
        harness.Claims.Put(harness.Claim with { Attempt = RunnerHarness.Attempt + 1 });

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.ClaimNotOwned, outcome.ExitCode);
        Assert.Null(outcome.JobStatus);
        Assert.Equal(0, harness.Jobs.WriteCalls);
        Assert.Equal(ClaimState.Dispatched, harness.Claim.State);
        Assert.Equal(0, harness.Objects.DownloadCalls);
        Assert.Empty(harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/"));
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Missing_claim_record_exits_3_and_writes_nothing()
    {
        var outcome = await new ProcessorRunner(harness.Settings, harness.Jobs, new FakeIdempotencyStore(), harness.Objects, harness.Pipeline, harness.Logger, harness.Time, harness.Disk)
            .RunAsync(CancellationToken.None);

        Assert.Equal(ProcessorExitCode.ClaimNotOwned, outcome.ExitCode);
        Assert.Equal(0, harness.Jobs.WriteCalls);
    }

    [Fact]
    public async Task Claim_store_error_before_owning_the_claim_never_writes_the_job()
    {
        harness.Claims.ThrowOnMarkRunning = new TimeoutException("dynamodb unreachable");

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Null(outcome.JobStatus);
        Assert.Equal(0, harness.Jobs.WriteCalls);
        Assert.Null(harness.UploadedFailureReport());
    }

    [Fact]
    public async Task Lost_lease_stops_the_work_and_leaves_job_and_results_to_the_new_owner()
    {
        harness.Pipeline = FakePipeline.WaitingForCancellation("asr");
        harness.Claims.LoseLeaseOnRenew = true;

        var run = harness.RunAsync();
        await harness.Pipeline.Entered.Task;
        while (!run.IsCompleted)
        {
            harness.Time.Advance(harness.Settings.LeaseRenewInterval);
            await Task.Delay(1);
        }

        var outcome = await run;
        Assert.Equal(ProcessorExitCode.ClaimNotOwned, outcome.ExitCode);
        Assert.Equal(JobStatus.Running, harness.Job.Status);
        Assert.Equal(ClaimState.Dispatched, harness.Claim.State);
        Assert.Equal(RunnerHarness.Attempt + 1, harness.Claim.Attempt);
        Assert.Null(harness.UploadedFailureReport());
        Assert.True(harness.WorkDirIsEmpty());
    }
}
