using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// PySceneDetect's ContentDetector (scenedetect/detectors/content_detector.py), step by step:
/// <list type="number">
/// <item>Each frame is converted to HSV exactly as <c>cv2.cvtColor(frame, COLOR_BGR2HSV)</c> does for 8-bit
/// frames (<see cref="HsvFrame"/>: hue 0–179, saturation and value 0–255, OpenCV's fixed-point rounding).</item>
/// <item><c>_mean_pixel_distance</c> per channel: the sum of absolute differences against the previous frame
/// divided by the pixel count (<see cref="ContentScorer"/>).</item>
/// <item><c>frame_score</c> = Σ component × weight / Σ |weight| with the default weights 1, 1, 1 and the edge
/// weight 0 (edges are not computed: with weight 0 PySceneDetect skips them too).</item>
/// <item>The first frame has no predecessor and scores 0.0 (so it is never a cut, but it starts the
/// minimum-length count).</item>
/// <item><c>above_threshold = frame_score &gt;= threshold</c> (greater or equal, default 27).</item>
/// <item>The flags go through <see cref="FlashFilter"/> with <c>length = min_scene_len</c> (default 15 frames,
/// merge mode), which decides the cut frames; nothing is added at the end of the video.</item>
/// </list>
/// The frames it sees must be PySceneDetect's working frames: see <see cref="PySceneDetectDownscale"/>.
/// </summary>
public sealed class ContentDetector : ISceneCutDetector
{
    private readonly ContentDetectorOptions options;
    private readonly FlashFilter filter;
    private HsvFrame? previous;

    // The frame before the previous one: its planes are refilled with the next frame's HSV (no buffer per frame).
    private HsvFrame? spare;

    public ContentDetector(ContentDetectorOptions? options = null)
    {
        this.options = options ?? new ContentDetectorOptions();
        this.options.ThrowIfInvalidArgument();
        filter = new FlashFilter(this.options.FilterMode, this.options.MinSceneLengthFrames);
        Settings = this.options.ToSettings();
    }

    public string Name => "content";

    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>PySceneDetect's <c>content_val</c> of the last frame (0 for the first; diagnostics and tests).</summary>
    public double LastScore { get; private set; }

    public IReadOnlyList<long> Process(AnalysisFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var current = HsvFrame.FromRgb(frame, spare);
        LastScore = previous is null ? 0.0 : ContentScorer.Combined(previous, current, this.options.Weights);
        (spare, previous) = (previous, current);
        return filter.Filter(frame.Index, LastScore >= this.options.Threshold);
    }

    /// <summary>PySceneDetect's ContentDetector has no <c>post_process</c>: a merge still open at the end is dropped.</summary>
    public IReadOnlyList<long> Flush() => [];
}
