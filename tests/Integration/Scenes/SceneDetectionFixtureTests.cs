using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Integration.Scenes;

public class SceneDetectionFixtureTests
{
    [SkippableTheory]
    [InlineData("meeting-60s", SceneDetectorKind.Content)]
    [InlineData("meeting-60s", SceneDetectorKind.Adaptive)]
    [InlineData("interview-20s", SceneDetectorKind.Content)]
    [InlineData("interview-20s", SceneDetectorKind.Adaptive)]
    public async Task Every_fixture_cut_is_found_within_one_frame_with_no_false_cut(string fixture, SceneDetectorKind detector)
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var evaluation = new SceneDetectionEvaluation(new SceneAnalyzerOptions { Detector = detector });

        var result = await evaluation.EvaluateAsync(SceneFixtures.Video(fixture), SceneFixtures.Cuts(fixture), toleranceFrames: 1);

        Assert.Empty(result.Missed);
        Assert.Empty(result.Spurious);
        Assert.Equal(1.0, result.F1);
    }

    [SkippableFact]
    public async Task The_analyzer_writes_one_jpeg_keyframe_per_scene_and_times_match_the_cut_list()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var output = Directory.CreateTempSubdirectory("lifestream-scenes-");
        try
        {
            var media = new MediaInfo { DurationSeconds = 60, SizeBytes = 1, HasVideo = true, Width = 640, Height = 360, FrameRate = 25 };

            var result = await new SceneAnalyzer().AnalyzeAsync(SceneFixtures.Video("meeting-60s"), media, output.FullName, null, CancellationToken.None);

            Assert.Equal([0.0, 8.0, 19.0, 28.0, 40.0, 50.0], result.Scenes.Select(s => Math.Round(s.Start, 3)));
            Assert.Equal(60.0, result.Scenes[^1].End, 3);
            Assert.Equal(1499, result.Scenes[^1].EndFrame);
            foreach (var scene in result.Scenes)
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(output.FullName, scene.Keyframe!));
                Assert.True(bytes.Length > 1000, $"keyframe of scene {scene.Index} is only {bytes.Length} bytes");
                Assert.Equal([0xFF, 0xD8, 0xFF], bytes[..3]);
            }
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task Variable_frame_rate_cut_times_come_from_pts_not_from_the_average_rate()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var work = Directory.CreateTempSubdirectory("lifestream-vfr-");
        try
        {
            // 4 s at 10 fps (40 frames) then 2 s at 50 fps (100 frames): the average rate is 23.3 fps, so
            // frame 40 / average rate would say 1.71 s; the true cut is at 4.0 s.
            var video = Path.Combine(work.FullName, "vfr.mkv");
            SceneFixtures.Ffmpeg(
                "-f", "lavfi", "-i", "testsrc2=s=320x180:r=10:d=4",
                "-f", "lavfi", "-i", "smptebars=s=320x180:r=50:d=2",
                "-filter_complex", "[0:v]settb=1/1000[a];[1:v]settb=1/1000[b];[a][b]concat=n=2:v=1:a=0[v]",
                "-map", "[v]", "-fps_mode", "vfr", "-c:v", "ffv1", video);

            var scan = await SceneScan.RunAsync(new FfmpegFrameSource(), new ContentDetector(), video, CancellationToken.None);
            var scenes = SceneBuilder.Build(scan.Cuts, scan.FrameTimes, 6.0);

            Assert.Equal(140, scan.FrameTimes.Count);
            Assert.Equal([40L], scan.Cuts);
            Assert.Equal(4.0, scenes[1].Start, 3);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [SkippableFact]
    public async Task A_missing_file_and_a_non_video_file_are_clear_decoding_errors()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var source = new FfmpegFrameSource();
        var missing = await Assert.ThrowsAsync<FrameDecodingException>(() => SceneScan.RunAsync(source, new ContentDetector(), "/nonexistent/x.mp4", CancellationToken.None));
        Assert.Contains("not found", missing.Message, StringComparison.Ordinal);

        var text = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(text, "not a video");
            var garbage = await Assert.ThrowsAsync<FrameDecodingException>(() => SceneScan.RunAsync(source, new ContentDetector(), text, CancellationToken.None));
            Assert.Contains("ffmpeg", garbage.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(text);
        }
    }

    [SkippableFact]
    public async Task Cancellation_stops_decoding()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        using var cts = new CancellationTokenSource();
        var frames = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var frame in new FfmpegFrameSource().ReadAsync(SceneFixtures.Video("meeting-60s"), cts.Token))
            {
                if (++frames == 10)
                {
                    await cts.CancelAsync();
                }
            }
        });
        Assert.Equal(10, frames);
    }
}
