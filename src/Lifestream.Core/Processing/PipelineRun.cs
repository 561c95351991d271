using Lifestream.Core.Pipeline;

namespace Lifestream.Core.Processing;

/// <summary>
/// The work of an attempt between intake and finalisation: download then pipeline, or — with streaming intake —
/// the pipeline on a presigned URL while the download runs beside it. Stage progress goes to the recorder.
/// </summary>
internal sealed class PipelineRun(ProcessorSettings settings, IVideoPipeline pipeline, SourceIntake source, TimeProvider time)
{
    public async Task<PipelineResult> RunAsync(AttemptRun run, PipelineRequest request, CancellationToken token) =>
        settings.StreamingIntake && pipeline is IStreamingVideoPipeline streaming
            ? await DownloadWhileStreamingAsync(run, streaming, request, token)
            : await DownloadThenRunAsync(run, request, token);

    public async Task<T> StageAsync<T>(AttemptRun run, string stage, Func<Task<T>> body)
    {
        run.Recorder.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
        var started = time.GetTimestamp();
        var value = await body();
        run.Recorder.Report(new StageProgress(stage, StageState.Completed, time.GetElapsedTime(started)));
        return value;
    }

    private async Task<PipelineResult> DownloadThenRunAsync(AttemptRun run, PipelineRequest request, CancellationToken token)
    {
        await StageAsync(run, ProcessorStages.Download, async () =>
        {
            var head = await source.CheckAsync(run.Workspace!, token);
            await source.DownloadAsync(head, request.MediaPath, token);
            return true;
        });
        return await StageAsync(run, ProcessorStages.Pipeline, () => pipeline.RunAsync(request, run.Recorder, token));
    }

    /// <summary>
    /// Streaming intake: a failed download is the root cause of whatever the pipeline saw, so it wins and is
    /// blamed on "download".
    /// </summary>
    private async Task<PipelineResult> DownloadWhileStreamingAsync(AttemptRun run, IStreamingVideoPipeline streaming, PipelineRequest request, CancellationToken token)
    {
        run.Recorder.Report(new StageProgress(ProcessorStages.Download, StageState.Started, TimeSpan.Zero));
        var head = await source.CheckAsync(run.Workspace!, token);
        using var downloadCancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        var started = time.GetTimestamp();
        var download = Task.Run(
            async () =>
            {
                await source.DownloadAsync(head, request.MediaPath, downloadCancel.Token);
                run.Recorder.Report(new StageProgress(ProcessorStages.Download, StageState.Completed, time.GetElapsedTime(started)));
                return request.MediaPath;
            },
            CancellationToken.None);
        var intake = new StreamingIntake { Url = source.PresignedUrl(head), LocalFileReady = download };

        try
        {
            var result = await StageAsync(run, ProcessorStages.Pipeline, () => streaming.RunStreamingAsync(request, intake, run.Recorder, token));
            await download;
            await source.EnsureUnchangedAsync(head, token);
            return result;
        }
        catch (Exception) when (!download.IsCompletedSuccessfully)
        {
            await downloadCancel.CancelAsync();
            try
            {
                await download;
            }
            catch (Exception downloadError) when (downloadError is not OperationCanceledException)
            {
                run.FailedStage = ProcessorStages.Download;
                throw;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Deadline, SIGTERM or lost lease before the object was down: every stage was waiting on its
                // bytes, so the run is reported at "download", as it is without streaming intake.
                run.FailedStage = ProcessorStages.Download;
            }
            catch (OperationCanceledException)
            {
                // Cancelled because the pipeline failed: the pipeline's exception is the story.
            }

            throw;
        }
    }
}
