using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Runs scene detection on a video and scores it against a reference cut list (for the CLI's
/// <c>eval</c> command and the integration tests). Decodes once; writes nothing.
/// </summary>
public sealed class SceneDetectionEvaluation
{
    private readonly SceneAnalyzerOptions _options;
    private readonly IAnalysisFrameSource _frames;

    public SceneDetectionEvaluation(SceneAnalyzerOptions? options = null, IAnalysisFrameSource? frames = null)
    {
        _options = options ?? new SceneAnalyzerOptions();
        _options.ThrowIfInvalidArgument();
        _frames = frames ?? new FfmpegFrameSource(effectiveWidth: _options.EffectiveWidth, skipLoopFilter: _options.SkipLoopFilter);
    }

    public async Task<SceneEvaluationResult> EvaluateAsync(string mediaPath, IReadOnlyList<long> expectedCuts, int toleranceFrames = 1, CancellationToken cancellationToken = default)
    {
        var scan = await SceneScan.RunAsync(_frames, _options.CreateDetector(), mediaPath, cancellationToken);
        return SceneCutEvaluator.Evaluate(expectedCuts, scan.Cuts, toleranceFrames);
    }

    /// <summary>Reads the reference from a <c>frame,seconds</c> CSV (see <see cref="CutListCsv"/>).</summary>
    public async Task<SceneEvaluationResult> EvaluateAsync(string mediaPath, string cutsCsvPath, int toleranceFrames = 1, CancellationToken cancellationToken = default) =>
        await EvaluateAsync(mediaPath, await CutListCsv.ReadAsync(cutsCsvPath, cancellationToken), toleranceFrames, cancellationToken);
}
