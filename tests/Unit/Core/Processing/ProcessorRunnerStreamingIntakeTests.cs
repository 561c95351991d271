using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Tests.Unit.Core.Processing.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

/// <summary>Streaming intake: a streaming-capable pipeline starts on a presigned URL while the download runs.</summary>
public sealed class ProcessorRunnerStreamingIntakeTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Pipeline_starts_on_the_presigned_url_before_the_download_finishes()
    {
        harness.Objects.DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var downloadWasPendingWhenPipelineStarted = false;
        var pipeline = new FakeStreamingPipeline(async (request, intake, progress, ct) =>
        {
            downloadWasPendingWhenPipelineStarted = !intake.LocalFileReady.IsCompleted;
            harness.Objects.DownloadGate.SetResult();
            var local = await intake.LocalFileReady.WaitAsync(ct);
            Assert.Equal(RunnerHarness.VideoBytes, await File.ReadAllBytesAsync(local, ct));
            return await FakePipeline.WritingDocuments().RunAsync(request, progress, ct);
        });

        var outcome = await RunWithAsync(pipeline);

        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.True(downloadWasPendingWhenPipelineStarted);
        Assert.Equal(1, pipeline.StreamingCalls);
        Assert.Equal(0, pipeline.ClassicCalls);
        Assert.Equal("objects.invalid", pipeline.LastIntake!.Url.Host);
        Assert.Contains("download", harness.Job.StageTimings.Keys);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Failed_download_is_the_blamed_root_cause_even_if_the_pipeline_only_read_the_url()
    {
        harness.Objects.TruncateDownloadTo = 100;
        var pipeline = new FakeStreamingPipeline(async (request, intake, progress, ct) =>
        {
            progress?.Report(new StageProgress("audio", StageState.Started, TimeSpan.Zero));
            return await FakePipeline.WritingDocuments().RunAsync(request, progress, ct);
        });

        var outcome = await RunWithAsync(pipeline);

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal("download", report.Stage);
        Assert.Equal(nameof(IncompleteDownloadException), report.ErrorType);
        Assert.Equal(JobStatus.Failed, harness.Job.Status);
        Assert.Empty(harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/job-1/summary"));
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Pipeline_failure_cancels_the_running_download_and_is_blamed_on_its_stage()
    {
        harness.Objects.DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var pipeline = new FakeStreamingPipeline((_, _, _, _) => throw new PipelineException("audio", "ffmpeg could not read the stream"));

        var outcome = await RunWithAsync(pipeline);

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal("audio", report.Stage);
        Assert.Equal("ffmpeg could not read the stream", report.Message);
        Assert.False(harness.Objects.DownloadGate.Task.IsCompleted, "the download was cancelled, not released");
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Streaming_intake_switched_off_uses_the_classic_complete_file_path()
    {
        harness.Settings = harness.Settings with { StreamingIntake = false };
        var pipeline = new FakeStreamingPipeline((_, _, _, _) => throw new InvalidOperationException("must not stream"));

        var outcome = await RunWithAsync(pipeline);

        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.Equal(1, pipeline.ClassicCalls);
        Assert.Equal(0, pipeline.StreamingCalls);
    }

    [Fact]
    public async Task A_pipeline_error_that_echoes_the_presigned_url_leaves_no_signature_in_report_job_or_logs()
    {
        var pipeline = new FakeStreamingPipeline((_, intake, progress, _) =>
        {
            progress?.Report(new StageProgress("audio", StageState.Failed, TimeSpan.Zero, $"{intake.Url}: Connection reset"));
            throw new PipelineException("audio", $"ffmpeg could not read {intake.Url}", new IOException($"GET {intake.Url} failed"));
        });

        var outcome = await RunWithAsync(pipeline);

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        var reportJson = System.Text.Encoding.UTF8.GetString(harness.Objects.Find(RunnerHarness.Bucket, "results/job-1/failure_report.json")!.Content);
        foreach (var text in new[] { reportJson, harness.Job.Error!, harness.Claim.Error!, outcome.Message, string.Join('\n', harness.Logger.Lines) })
        {
            Assert.DoesNotContain("X-Amz-Signature=fake", text, StringComparison.Ordinal);
        }

        Assert.Contains("?[redacted]", reportJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stop_before_the_download_finished_is_reported_at_download_as_without_streaming()
    {
        harness.Objects.DownloadGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var pipeline = new FakeStreamingPipeline(async (_, intake, progress, ct) =>
        {
            progress?.Report(new StageProgress("probe", StageState.Started, TimeSpan.Zero));
            await stop.CancelAsync(); // SIGTERM while ffprobe reads the URL and the download is still running
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

        var outcome = await new ProcessorRunner(harness.Settings, harness.Jobs, harness.Claims, harness.Objects, pipeline, harness.Logger, harness.Time, harness.Disk)
            .RunAsync(stop.Token);

        Assert.Equal(ProcessorExitCode.Interrupted, outcome.ExitCode);
        Assert.Equal("download", harness.UploadedFailureReport()!.Stage);
        Assert.True(harness.WorkDirIsEmpty());
    }

    private Task<ProcessorOutcome> RunWithAsync(IVideoPipeline pipeline) =>
        new ProcessorRunner(harness.Settings, harness.Jobs, harness.Claims, harness.Objects, pipeline, harness.Logger, harness.Time, harness.Disk)
            .RunAsync(CancellationToken.None);
}
