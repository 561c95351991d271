using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Tests.Unit.Core.Processing.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

/// <summary>The deadline (TASK_TIMEOUT_SECONDS) and SIGTERM share one cancellation path with different terminal states.</summary>
public sealed class ProcessorRunnerCancellationTests : IDisposable
{
    private readonly RunnerHarness harness = new(FakePipeline.WaitingForCancellation("asr"));

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Deadline_cancels_the_pipeline_and_ends_timed_out_with_exit_124()
    {
        harness.Settings = harness.Settings with { TaskTimeout = TimeSpan.FromSeconds(30), LeaseRenewInterval = TimeSpan.FromSeconds(600) };

        var run = harness.RunAsync();
        await harness.Pipeline.Entered.Task;
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var outcome = await run;

        Assert.Equal(ProcessorExitCode.TimedOut, outcome.ExitCode);
        Assert.Equal(124, (int)outcome.ExitCode);
        Assert.Equal(JobStatus.TimedOut, harness.Job.Status);
        Assert.Equal("gave up after 2 attempt(s): asr: TaskTimeout: Exceeded TASK_TIMEOUT_SECONDS=30 during stage 'asr'.", harness.Job.Error);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal("timed_out", report.Outcome);
        Assert.Equal("TaskTimeout", report.ErrorType);
        Assert.Equal("asr", report.Stage);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Deadline_during_the_download_cancels_it_and_blames_the_download()
    {
        harness.Settings = harness.Settings with { TaskTimeout = TimeSpan.FromSeconds(30), LeaseRenewInterval = TimeSpan.FromSeconds(600) };
        harness.Objects.DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = harness.RunAsync();
        await harness.Objects.DownloadEntered.Task;
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        var outcome = await run;

        Assert.Equal(ProcessorExitCode.TimedOut, outcome.ExitCode);
        Assert.Equal("download", harness.UploadedFailureReport()!.Stage);
        Assert.Equal(0, harness.Pipeline.Calls);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Sigterm_cancels_the_pipeline_and_ends_interrupted_with_exit_143()
    {
        using var sigterm = new CancellationTokenSource();

        var run = harness.RunAsync(sigterm.Token);
        await harness.Pipeline.Entered.Task;
        await sigterm.CancelAsync();
        var outcome = await run;

        Assert.Equal(ProcessorExitCode.Interrupted, outcome.ExitCode);
        Assert.Equal(143, (int)outcome.ExitCode);
        Assert.Equal(JobStatus.Interrupted, harness.Job.Status);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal("interrupted", report.Outcome);
        Assert.Equal("Interrupted", report.ErrorType);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Sigterm_that_makes_a_stage_fail_with_its_own_error_is_still_interrupted()
    {
        using var sigterm = new CancellationTokenSource();
        harness.Pipeline = new FakePipeline(async (_, progress, ct) =>
        {
            progress?.Report(new StageProgress("audio", StageState.Started, TimeSpan.Zero));
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            }
            catch (OperationCanceledException)
            {
                // What a killed ffmpeg looks like to a stage: a non-zero exit, reported as a stage error.
                throw new PipelineException("audio", "ffmpeg exited with code 255");
            }

            throw new InvalidOperationException("unreachable");
        });

        var run = harness.RunAsync(sigterm.Token);
        await harness.Pipeline.Entered.Task;
        await sigterm.CancelAsync();
        var outcome = await run;

        Assert.Equal(ProcessorExitCode.Interrupted, outcome.ExitCode);
        Assert.Equal(JobStatus.Interrupted, harness.Job.Status);
        Assert.Equal("audio", harness.UploadedFailureReport()!.Stage);
    }

    [Fact]
    public async Task Sigterm_before_the_claim_is_taken_writes_no_job_record()
    {
        using var sigterm = new CancellationTokenSource();
        await sigterm.CancelAsync();

        var outcome = await harness.RunAsync(sigterm.Token);

        Assert.Equal(ProcessorExitCode.Interrupted, outcome.ExitCode);
        Assert.Equal(JobStatus.Dispatched, harness.Job.Status);
        Assert.Equal(0, harness.Pipeline.Calls);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Bookkeeping_after_sigterm_does_not_use_the_cancelled_token()
    {
        using var sigterm = new CancellationTokenSource();

        var run = harness.RunAsync(sigterm.Token);
        await harness.Pipeline.Entered.Task;
        await sigterm.CancelAsync();
        await run;

        // The fakes throw on a cancelled token; these writes happening proves they ran on the bookkeeping budget.
        Assert.NotNull(harness.UploadedFailureReport());
        Assert.Equal(JobStatus.Interrupted, harness.Job.Status);
    }
}
