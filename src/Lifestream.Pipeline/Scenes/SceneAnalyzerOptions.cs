using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>Settings of the video branch (scene detection and keyframes). Validated when the analyzer is built.</summary>
public sealed record SceneAnalyzerOptions : IValidatedOptions
{
    /// <summary>
    /// PySceneDetect's <c>DEFAULT_MIN_WIDTH</c>: frames whose long edge is longer are scaled so it becomes this
    /// many pixels (<see cref="PySceneDetectDownscale"/>). 256 reproduces PySceneDetect's automatic downscale.
    /// </summary>
    public int EffectiveWidth { get; init; } = PySceneDetectDownscale.DefaultEffectiveWidth;

    /// <summary>Decode analysis frames without the deblocking filter (see <see cref="FfmpegFrameSource"/>); off for PySceneDetect parity.</summary>
    public bool SkipLoopFilter { get; init; }

    public SceneDetectorKind Detector { get; init; } = SceneDetectorKind.Content;

    public ContentDetectorOptions Content { get; init; } = new();

    public AdaptiveDetectorOptions Adaptive { get; init; } = new();

    /// <summary>Write one JPEG per scene (middle frame) under <see cref="KeyframeDirectory"/>.</summary>
    public bool ExtractKeyframes { get; init; } = true;

    /// <summary>Keyframe directory relative to the output directory.</summary>
    public string KeyframeDirectory { get; init; } = "keyframes";

    /// <summary>Maximum keyframe width in pixels (smaller videos keep their size).</summary>
    public int KeyframeMaxWidth { get; init; } = 480;

    /// <summary>ffmpeg JPEG quality scale (<c>-q:v</c>): 2 (best) to 31 (worst).</summary>
    public int KeyframeJpegQuality { get; init; } = 4;

    /// <summary>Keyframes extracted at once (each is one short ffmpeg seek).</summary>
    public int KeyframeParallelism { get; init; } = 2;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (EffectiveWidth < 16)
        {
            problems.Add($"SceneAnalyzerOptions.EffectiveWidth must be >= 16; got {EffectiveWidth}.");
        }

        if (!Enum.IsDefined(Detector))
        {
            problems.Add($"SceneAnalyzerOptions.Detector has an unknown value {Detector}.");
        }

        if (Content is null)
        {
            problems.Add("SceneAnalyzerOptions.Content must be set.");
        }
        else
        {
            problems.AddRange(Content.GetProblems());
        }

        if (Adaptive is null)
        {
            problems.Add("SceneAnalyzerOptions.Adaptive must be set.");
        }
        else
        {
            problems.AddRange(Adaptive.GetProblems());
        }

        if (string.IsNullOrWhiteSpace(KeyframeDirectory) || Path.IsPathRooted(KeyframeDirectory) || KeyframeDirectory.Contains("..", StringComparison.Ordinal))
        {
            problems.Add($"SceneAnalyzerOptions.KeyframeDirectory must be a relative path inside the output directory; got '{KeyframeDirectory}'.");
        }

        if (KeyframeMaxWidth < 16)
        {
            problems.Add($"SceneAnalyzerOptions.KeyframeMaxWidth must be >= 16; got {KeyframeMaxWidth}.");
        }

        if (KeyframeJpegQuality is < 2 or > 31)
        {
            problems.Add($"SceneAnalyzerOptions.KeyframeJpegQuality must be in [2, 31]; got {KeyframeJpegQuality}.");
        }

        if (KeyframeParallelism < 1)
        {
            problems.Add($"SceneAnalyzerOptions.KeyframeParallelism must be >= 1; got {KeyframeParallelism}.");
        }

        return problems;
    }

    public ISceneCutDetector CreateDetector() => Detector switch
    {
        SceneDetectorKind.Adaptive => new AdaptiveDetector(Adaptive),
        _ => new ContentDetector(Content),
    };
}
