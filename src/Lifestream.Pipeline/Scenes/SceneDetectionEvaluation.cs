using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Runs scene detection on a video and scores it against a reference cut list (for the CLI's
/// <c>eval</c> command and the integration tests). Decodes once; writes nothing.
/// </summary>
public sealed class SceneDetectionEvaluation
{
    private readonly SceneAnalyzerOptions options;
    private readonly IAnalysisFrameSource frames;

    public SceneDetectionEvaluation(SceneAnalyzerOptions? options = null, IAnalysisFrameSource? frames = null)
    {
        this.options = options ?? new SceneAnalyzerOptions();
        this.options.ThrowIfInvalidArgument();
        this.frames = frames ?? LibavFrameSource.Create(null, this.options.EffectiveWidth, this.options.SkipLoopFilter);
    }

    public async Task<SceneEvaluationResult> EvaluateAsync(string mediaPath, IReadOnlyList<long> expectedCuts, int toleranceFrames = 1, CancellationToken cancellationToken = default)
    {
        var scan = await SceneScan.RunAsync(this.frames, this.options.CreateDetector(), mediaPath, cancellationToken);
        return SceneCutEvaluator.Evaluate(expectedCuts, scan.Cuts, toleranceFrames);
    }

    /// <summary>Reads the reference from a <c>frame,seconds</c> CSV (see <see cref="CutListCsv"/>).</summary>
    public async Task<SceneEvaluationResult> EvaluateAsync(string mediaPath, string cutsCsvPath, int toleranceFrames = 1, CancellationToken cancellationToken = default) =>
        await EvaluateAsync(mediaPath, await CutListCsv.ReadAsync(cutsCsvPath, cancellationToken), toleranceFrames, cancellationToken);
}
