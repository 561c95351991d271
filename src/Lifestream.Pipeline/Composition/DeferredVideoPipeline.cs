using Lifestream.Core.Pipeline;

namespace Lifestream.Pipeline.Composition;

/// <summary>
/// Builds the real pipeline on the first run, inside the job: model verification and engine set-up
/// failures then become a failed job with a failure report (stage "setup") instead of a crashed host.
/// Streaming intake is forwarded when the built pipeline supports it; otherwise the built pipeline gets the
/// complete local file once the download is done. Disposing it disposes the built pipeline.
/// </summary>
public sealed class DeferredVideoPipeline(Func<CancellationToken, Task<IVideoPipeline>> build) : IStreamingVideoPipeline, IDisposable
{
    public const string SetupStage = "setup";

    private IVideoPipeline? pipeline;

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        var built = await BuildOnceAsync(cancellationToken).ConfigureAwait(false);
        return await built.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PipelineResult> RunStreamingAsync(PipelineRequest request, StreamingIntake intake, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(intake);
        var built = await BuildOnceAsync(cancellationToken).ConfigureAwait(false);
        if (built is IStreamingVideoPipeline streaming)
        {
            return await streaming.RunStreamingAsync(request, intake, progress, cancellationToken).ConfigureAwait(false);
        }

        await intake.LocalFileReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await built.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => (pipeline as IDisposable)?.Dispose();

    private async Task<IVideoPipeline> BuildOnceAsync(CancellationToken cancellationToken)
    {
        if (pipeline is null)
        {
            try
            {
                pipeline = await build(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not PipelineException)
            {
                throw new PipelineException(SetupStage, $"The pipeline could not be set up: {ex.Message}", ex);
            }
        }

        return pipeline;
    }
}
