namespace Lifestream.Core.Pipeline.Composition;

/// <summary>
/// Builds the real pipeline on the first run, inside the job: model verification and engine set-up
/// failures then become a failed job with a failure report (stage "setup") instead of a crashed host.
/// </summary>
public sealed class DeferredVideoPipeline(Func<CancellationToken, Task<IVideoPipeline>> build) : IVideoPipeline
{
    public const string SetupStage = "setup";

    private IVideoPipeline? pipeline;

    public async Task<PipelineResult> RunAsync(PipelineRequest request, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
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

        return await pipeline.RunAsync(request, progress, cancellationToken).ConfigureAwait(false);
    }
}
