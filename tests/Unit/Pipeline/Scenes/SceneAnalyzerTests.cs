using System.Runtime.CompilerServices;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

public class SceneAnalyzerTests
{
    private static readonly MediaInfo Video = new() { DurationSeconds = 4, SizeBytes = 1, HasVideo = true, Width = 32, Height = 18, FrameRate = 25 };

    [Fact]
    public async Task Scenes_use_frame_pts_and_get_keyframes()
    {
        // Irregular timestamps (VFR): frame i at i * 0.03 + jitter.
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 40).Build(i => (i * 0.03) + (i % 2 * 0.005));
        var keyframes = new RecordingKeyframes();
        var analyzer = new SceneAnalyzer(frames: new ListFrameSource(frames), keyframes: keyframes);
        var progress = new List<StageProgress>();

        var result = await analyzer.AnalyzeAsync("video.mp4", Video, "/out", new SyncProgress(progress), CancellationToken.None);

        Assert.Equal(2, result.Scenes.Count);
        Assert.Equal(40, result.Scenes[1].StartFrame);
        Assert.Equal(frames[40].PtsSeconds, result.Scenes[1].Start);
        Assert.Equal(frames[40].PtsSeconds, result.Scenes[0].End);
        Assert.Equal(4, result.Scenes[1].End);
        Assert.Equal(["keyframes/1", "keyframes/2"], result.Scenes.Select(s => s.Keyframe));
        Assert.Equal(1, keyframes.Calls);
        Assert.Equal(["scenes:Started", "scenes:Completed", "keyframes:Started", "keyframes:Completed"], progress.Select(p => $"{p.Stage}:{p.State}"));
        Assert.Contains("scenes", result.StageTimings.Keys);
        var engine = Assert.Single(result.Engines);
        Assert.Equal("27", engine.Settings["threshold"]);
        Assert.Equal("80", engine.Settings["frames"]);
    }

    [Fact]
    public async Task The_adaptive_detector_can_be_selected()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 40).Build();
        var analyzer = new SceneAnalyzer(new SceneAnalyzerOptions { Detector = SceneDetectorKind.Adaptive, ExtractKeyframes = false }, new ListFrameSource(frames));

        var result = await analyzer.AnalyzeAsync("video.mp4", Video, "/out", null, CancellationToken.None);

        Assert.Equal("lifestream-adaptive-detector", Assert.Single(result.Engines).Name);
        Assert.Equal([0L, 40L], result.Scenes.Select(s => s.StartFrame));
        Assert.All(result.Scenes, s => Assert.Null(s.Keyframe));
    }

    [Fact]
    public async Task Audio_only_input_is_skipped_with_a_warning()
    {
        var analyzer = new SceneAnalyzer(frames: new ListFrameSource([]), keyframes: new RecordingKeyframes());

        var result = await analyzer.AnalyzeAsync("audio.m4a", Video with { HasVideo = false }, "/out", null, CancellationToken.None);

        Assert.Empty(result.Scenes);
        Assert.Contains("no video stream", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        var ex = Assert.Throws<ArgumentException>(() => new SceneAnalyzer(new SceneAnalyzerOptions { EffectiveWidth = 15 }));

        Assert.Contains("SceneAnalyzerOptions.EffectiveWidth", ex.Message, StringComparison.Ordinal);
    }

    private sealed class ListFrameSource(IReadOnlyList<AnalysisFrame> frames) : IAnalysisFrameSource
    {
        public async IAsyncEnumerable<AnalysisFrame> ReadAsync(string mediaPath, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var frame in frames)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return frame;
            }

            await Task.CompletedTask;
        }
    }

    private sealed class RecordingKeyframes : IKeyframeExtractor
    {
        public int Calls { get; private set; }

        public Task<IReadOnlyList<Scene>> ExtractAsync(string mediaPath, IReadOnlyList<Scene> scenes, string outputDirectory, CancellationToken cancellationToken)
        {
            Calls++;
            return Task.FromResult<IReadOnlyList<Scene>>(scenes.Select(s => s with { Keyframe = $"keyframes/{s.Index}" }).ToList());
        }
    }

    /// <summary>Synchronous IProgress (Progress&lt;T&gt; posts to the thread pool and would race the assertions).</summary>
    internal sealed class SyncProgress(List<StageProgress> sink) : IProgress<StageProgress>
    {
        public void Report(StageProgress value)
        {
            lock (sink)
            {
                sink.Add(value);
            }
        }
    }
}
