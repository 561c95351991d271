using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Integration.Scenes;

/// <summary>The ffmpeg scale expression delivers exactly PySceneDetect's working size (the C# rule is unit-tested).</summary>
public sealed class PySceneDetectWorkingSizeTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("lifestream-size-");

    public void Dispose() => dir.Delete(recursive: true);

    [SkippableTheory]
    [InlineData(640, 360)]
    [InlineData(720, 576)]
    [InlineData(720, 480)]
    [InlineData(360, 640)]
    [InlineData(1536, 30)] // 30 / 6 = 5
    [InlineData(1536, 90)] // 15 exactly
    [InlineData(1024, 10)] // 2.5: ties to even -> 2
    [InlineData(1024, 14)] // 3.5 -> 4
    [InlineData(256, 144)]
    [InlineData(200, 100)]
    public async Task Frames_arrive_at_the_size_compute_downscale_factor_gives(int width, int height)
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var video = Path.Combine(dir.FullName, $"{width}x{height}.mkv");
        SceneFixtures.Ffmpeg("-f", "lavfi", "-i", $"testsrc2=size={width}x{height}:rate=5:duration=1", "-c:v", "ffv1", video);

        var frame = await new FfmpegFrameSource().ReadAsync(video, CancellationToken.None).FirstAsync();

        Assert.Equal(PySceneDetectDownscale.WorkingSize(width, height), (frame.Width, frame.Height));
    }
}
