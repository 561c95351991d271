using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Tests.Unit.Core.Processing.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

public sealed class ProcessorRunnerSuccessTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Success_uploads_every_document_marks_job_succeeded_and_claim_processed()
    {
        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.Equal(JobStatus.Succeeded, outcome.JobStatus);
        string[] expectedKeys = ["results/job-1/keyframes/scene-001.jpg", "results/job-1/summary.json", "results/job-1/summary.md"];
        Assert.Equal(expectedKeys, harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/"));
        Assert.Equal(expectedKeys, harness.Job.ResultKeys);
        Assert.Equal("application/json", harness.Objects.Find(RunnerHarness.Bucket, "results/job-1/summary.json")!.ContentType);
        Assert.Equal("image/jpeg", harness.Objects.Find(RunnerHarness.Bucket, "results/job-1/keyframes/scene-001.jpg")!.ContentType);
        Assert.Equal(JobStatus.Succeeded, harness.Job.Status);
        Assert.Equal(ClaimState.Processed, harness.Claim.State);
        Assert.Equal("results/job-1/summary.json", harness.Claim.ResultS3Key);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Success_records_lifecycle_and_pipeline_stage_timings_on_the_job()
    {
        await harness.RunAsync();

        var timings = harness.Job.StageTimings;
        Assert.Contains("download", timings.Keys);
        Assert.Contains("pipeline", timings.Keys);
        Assert.Contains("upload", timings.Keys);
        Assert.Equal(0.5, timings["probe"]);
        Assert.Equal(2.0, timings["asr"]);
        Assert.Equal(ProcessorStages.Finalize, harness.Job.CurrentStage);
    }

    [Fact]
    public async Task Progress_writes_the_current_pipeline_stage_while_running()
    {
        await harness.RunAsync();

        // Progress writes are conditional on "running"; the ones applied before the terminal write carry stages in order.
        var stages = harness.Jobs.Writes.Select(u => u.CurrentStage).Where(s => s is not null).ToList();
        Assert.Equal(ProcessorStages.Download, stages[0]);
        Assert.Equal(ProcessorStages.Finalize, stages[^1]);
        Assert.All(
            harness.Jobs.Writes.Where(w => w.Status == JobStatus.Running && w.CurrentStage is not ProcessorStages.Download),
            w => Assert.NotEmpty(w.StageTimings));
    }

    [Fact]
    public async Task Pipeline_gets_the_downloaded_file_inside_the_job_directory_never_a_key_derived_path()
    {
        harness.Objects.Put(RunnerHarness.Bucket, RunnerHarness.Key, RunnerHarness.VideoBytes, RunnerHarness.ETag);
        await harness.RunAsync();

        var request = harness.Pipeline.LastRequest!;
        Assert.True(harness.Pipeline.MediaExistedWhenCalled);
        Assert.Equal("source.mp4", Path.GetFileName(request.MediaPath));
        Assert.StartsWith(harness.WorkDir + Path.DirectorySeparatorChar, request.MediaPath, StringComparison.Ordinal);
        Assert.StartsWith(harness.WorkDir + Path.DirectorySeparatorChar, request.OutputDirectory, StringComparison.Ordinal);
        Assert.Equal(RunnerHarness.Key, request.Source.S3Key);
        Assert.Equal(RunnerHarness.ETag, request.Source.ETag);
    }

    [Fact]
    public async Task Duplicate_task_for_a_processed_claim_exits_zero_without_redoing_work()
    {
        await harness.RunAsync();
        var writesAfterFirstRun = harness.Jobs.WriteCalls;
        var second = new RunnerHarness();
        try
        {
            // Same stores, a second task for the same attempt arrives late.
            var late = await new ProcessorRunner(harness.Settings, harness.Jobs, harness.Claims, harness.Objects, second.Pipeline, harness.Logger, harness.Time, harness.Disk)
                .RunAsync(CancellationToken.None);

            Assert.Equal(ProcessorExitCode.Success, late.ExitCode);
            Assert.Null(late.JobStatus);
            Assert.Equal(0, second.Pipeline.Calls);
            Assert.Equal(1, harness.Objects.DownloadCalls);
            Assert.Equal(writesAfterFirstRun, harness.Jobs.WriteCalls);
            Assert.True(harness.WorkDirIsEmpty());
        }
        finally
        {
            second.Dispose();
        }
    }

    [Fact]
    public async Task Lease_is_renewed_while_the_pipeline_runs()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Pipeline = new FakePipeline(async (request, progress, ct) =>
        {
            await release.Task.WaitAsync(ct);
            return await FakePipeline.WritingDocuments().RunAsync(request, progress, ct);
        });

        var run = harness.RunAsync();
        await harness.Pipeline.Entered.Task;
        while (harness.Claims.RenewCalls < 3)
        {
            // Fake time: each step is one renewal interval; the loop only waits for the heartbeat to react.
            harness.Time.Advance(harness.Settings.LeaseRenewInterval);
            await Task.Delay(1);
        }

        release.SetResult();
        var outcome = await run;

        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.True(harness.Claims.RenewCalls >= 3);
    }

    [Fact]
    public async Task New_attempt_restarts_a_job_left_retrying_by_the_previous_attempt()
    {
        harness.Jobs.Put(harness.Job with { Status = JobStatus.Retrying, Attempts = RunnerHarness.Attempt - 1, Error = "attempt 1: ffmpeg crashed" });

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.Equal(JobStatus.Succeeded, harness.Job.Status);
    }

    [Fact]
    public async Task Late_dispatched_write_by_the_dispatcher_does_not_strand_the_job()
    {
        // The dispatcher records "dispatched" after RunTask returns, which can land after this task set "running".
        harness.Pipeline = new FakePipeline(async (request, progress, ct) =>
        {
            harness.Jobs.Put(harness.Job with { Status = JobStatus.Dispatched });
            return await FakePipeline.WritingDocuments().RunAsync(request, progress, ct);
        });

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.Equal(JobStatus.Succeeded, harness.Job.Status);

        // Progress writes re-assert "running", so readers do not see a working job as merely dispatched.
        Assert.Contains(harness.Jobs.Writes, u => u.Status == JobStatus.Running && u.CurrentStage is not (null or ProcessorStages.Download));
    }

    /// <summary>Waits for a background effect without a wall-clock assertion (xunit's own timeout guards hangs).</summary>
    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Yield();
            await Task.Delay(1);
        }
    }
}
