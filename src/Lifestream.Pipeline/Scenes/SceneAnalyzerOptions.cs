namespace Lifestream.Pipeline.Scenes;

/// <summary>Settings of the video branch (scene detection and keyframes). Validated when the analyzer is built.</summary>
public sealed record SceneAnalyzerOptions
{
    /// <summary>Width in pixels frames are scaled to for detection (even). Small keeps decode the bottleneck.</summary>
    public int AnalysisWidth { get; init; } = 160;

    /// <summary>Decode analysis frames without the deblocking filter (see <see cref="FfmpegFrameSource"/>).</summary>
    public bool SkipLoopFilter { get; init; } = true;

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

    public void Validate()
    {
        if (AnalysisWidth < 16 || AnalysisWidth % 2 != 0)
        {
            throw new ArgumentException($"SceneAnalyzerOptions.AnalysisWidth must be an even number >= 16; got {AnalysisWidth}.");
        }

        if (!Enum.IsDefined(Detector))
        {
            throw new ArgumentException($"SceneAnalyzerOptions.Detector has an unknown value {Detector}.");
        }

        ArgumentNullException.ThrowIfNull(Content, "SceneAnalyzerOptions.Content");
        ArgumentNullException.ThrowIfNull(Adaptive, "SceneAnalyzerOptions.Adaptive");
        Content.Validate();
        Adaptive.Validate();
        if (string.IsNullOrWhiteSpace(KeyframeDirectory) || Path.IsPathRooted(KeyframeDirectory) || KeyframeDirectory.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException($"SceneAnalyzerOptions.KeyframeDirectory must be a relative path inside the output directory; got '{KeyframeDirectory}'.");
        }

        if (KeyframeMaxWidth < 16)
        {
            throw new ArgumentException($"SceneAnalyzerOptions.KeyframeMaxWidth must be >= 16; got {KeyframeMaxWidth}.");
        }

        if (KeyframeJpegQuality is < 2 or > 31)
        {
            throw new ArgumentException($"SceneAnalyzerOptions.KeyframeJpegQuality must be in [2, 31]; got {KeyframeJpegQuality}.");
        }

        if (KeyframeParallelism < 1)
        {
            throw new ArgumentException($"SceneAnalyzerOptions.KeyframeParallelism must be >= 1; got {KeyframeParallelism}.");
        }
    }

    public ISceneCutDetector CreateDetector() => Detector switch
    {
        SceneDetectorKind.Adaptive => new AdaptiveDetector(Adaptive),
        _ => new ContentDetector(Content),
    };
}
