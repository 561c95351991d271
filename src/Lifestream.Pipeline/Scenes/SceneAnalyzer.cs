using System.Diagnostics;
using Lifestream.Core.Configuration;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// The video branch: decode once into small frames → cut detector → scenes (PTS times) → one keyframe
/// per scene. Stages reported: "scenes", "keyframes".
/// </summary>
public sealed class SceneAnalyzer : ISceneAnalyzer
{
    public const string ScenesStage = "scenes";
    public const string KeyframesStage = "keyframes";
    public const string EngineVersion = "1";

    private readonly SceneAnalyzerOptions options;
    private readonly IAnalysisFrameSource frames;
    private readonly IKeyframeExtractor keyframes;

    /// <param name="tools">Runs ffmpeg for the default frame source and keyframe extractor (default: ffmpeg on PATH).</param>
    public SceneAnalyzer(SceneAnalyzerOptions? options = null, IAnalysisFrameSource? frames = null, IKeyframeExtractor? keyframes = null, MediaToolRunner? tools = null)
    {
        this.options = options ?? new SceneAnalyzerOptions();
        this.options.ThrowIfInvalidArgument();
        this.frames = frames ?? LibavFrameSource.Create(tools, this.options.EffectiveWidth, this.options.SkipLoopFilter);
        this.keyframes = keyframes ?? new FfmpegKeyframeExtractor(this.options, tools);
    }

    public async Task<SceneResult> AnalyzeAsync(string mediaPath, MediaInfo media, string outputDirectory, IProgress<StageProgress>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(media);
        ArgumentException.ThrowIfNullOrWhiteSpace(outputDirectory);
        if (!media.HasVideo)
        {
            return new SceneResult { Scenes = [], Warnings = ["The input has no video stream: scene detection and keyframes were skipped."] };
        }

        var detector = this.options.CreateDetector();
        var timings = new Dictionary<string, double>();
        var started = Stopwatch.GetTimestamp();
        progress?.Report(new StageProgress(ScenesStage, StageState.Started, TimeSpan.Zero));
        var scan = await SceneScan.RunAsync(this.frames, detector, mediaPath, cancellationToken);
        IReadOnlyList<Scene> scenes = SceneBuilder.Build(scan.Cuts, scan.FrameTimes, media.DurationSeconds);
        var elapsed = Stopwatch.GetElapsedTime(started);
        timings[ScenesStage] = elapsed.TotalSeconds;
        progress?.Report(new StageProgress(ScenesStage, StageState.Completed, elapsed, $"{scenes.Count} scenes in {scan.FrameTimes.Count} frames"));

        if (this.options.ExtractKeyframes && scenes.Count > 0)
        {
            started = Stopwatch.GetTimestamp();
            progress?.Report(new StageProgress(KeyframesStage, StageState.Started, TimeSpan.Zero));
            scenes = await this.keyframes.ExtractAsync(mediaPath, scenes, outputDirectory, cancellationToken);
            elapsed = Stopwatch.GetElapsedTime(started);
            timings[KeyframesStage] = elapsed.TotalSeconds;
            progress?.Report(new StageProgress(KeyframesStage, StageState.Completed, elapsed, $"{scenes.Count} keyframes"));
        }

        var settings = new Dictionary<string, string>(detector.Settings)
        {
            ["effectiveWidth"] = this.options.EffectiveWidth.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["frames"] = scan.FrameTimes.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["skipLoopFilter"] = this.options.SkipLoopFilter ? "true" : "false",
        };
        return new SceneResult
        {
            Scenes = scenes,
            Engines = [new EngineInfo(ScenesStage, $"lifestream-{detector.Name}-detector", EngineVersion, settings)],
            StageTimings = timings,
        };
    }
}
