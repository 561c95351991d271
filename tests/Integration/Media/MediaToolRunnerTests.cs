using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Scenes;
using Lifestream.Tests.Integration.Scenes;

namespace Lifestream.Tests.Integration.Media;

/// <summary>The one ffmpeg/ffprobe runner with the real tools, and every media component honouring <see cref="MediaOptions.BinaryFolder"/>.</summary>
public sealed class MediaToolRunnerTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("lifestream-tools-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static string Video => Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4");

    [SkippableFact]
    public async Task Ffprobe_and_ffmpeg_run_and_return_their_output()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");

        var probe = await MediaToolRunner.OnPath.RunAsync(
            MediaTool.Ffprobe,
            new MediaToolArguments("-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0").Input(Video),
            new MediaToolRun { Stage = "probe", ReadStandardOutput = true },
            CancellationToken.None);

        Assert.Equal(20, double.Parse(probe.Trim(), System.Globalization.CultureInfo.InvariantCulture), 0.1);
    }

    [SkippableFact]
    public async Task An_unreadable_input_is_MediaToolFailedException_with_ffmpegs_own_error()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var text = Path.Combine(dir, "not-a-video.mp4");
        await File.WriteAllTextAsync(text, "this is not a video");

        var ex = await Assert.ThrowsAsync<MediaToolFailedException>(() => MediaToolRunner.OnPath.RunAsync(
            MediaTool.Ffmpeg,
            new MediaToolArguments("-nostdin", "-hide_banner", "-v", "error").Input(text).Add("-f", "null", "-"),
            new MediaToolRun { Stage = "audio" },
            CancellationToken.None));

        Assert.NotEqual(0, ex.ExitCode);
        Assert.Contains("Invalid data", ex.StandardErrorTail, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_signed_url_input_that_fails_never_shows_its_signature()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var url = "http://127.0.0.1:9/uploads/x.mp4?X-Amz-Credential=ASIAEXAMPLEEXAMPLE12&X-Amz-Signature=feedface";

        var ex = await Assert.ThrowsAsync<MediaToolFailedException>(() => MediaToolRunner.OnPath.RunAsync(
            MediaTool.Ffprobe,
            new MediaToolArguments("-v", "error").Input(url),
            new MediaToolRun { Stage = "probe" },
            CancellationToken.None));

        Assert.DoesNotContain("feedface", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ASIAEXAMPLEEXAMPLE12", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Cancelling_a_running_ffmpeg_kills_it_and_throws_OperationCanceledException()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        using var cts = new CancellationTokenSource();
        var process = MediaToolRunner.OnPath.Start(
            MediaTool.Ffmpeg,
            new MediaToolArguments("-nostdin", "-hide_banner", "-v", "error").Input("anullsrc=r=16000:cl=mono", "-re", "-f", "lavfi").Add("-f", "s16le", "pipe:1"),
            new MediaToolRun { Stage = "audio", ReadStandardOutput = true },
            cts.Token);
        await using (process)
        {
            var buffer = new byte[3200];
            await process.StandardOutput.ReadExactlyAsync(buffer, cts.Token);

            await cts.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(process.WaitForExitAsync);
            Assert.False(File.Exists($"/proc/{process.ProcessId}/cmdline") && (await File.ReadAllTextAsync($"/proc/{process.ProcessId}/cmdline")).Contains("ffmpeg", StringComparison.Ordinal));
        }
    }

    [SkippableFact]
    public async Task A_timeout_stops_ffmpeg_with_MediaToolTimedOutException()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");

        var ex = await Assert.ThrowsAsync<MediaToolTimedOutException>(() => MediaToolRunner.OnPath.RunAsync(
            MediaTool.Ffmpeg,
            new MediaToolArguments("-nostdin", "-hide_banner", "-v", "error").Input("anullsrc=r=16000:cl=mono", "-re", "-f", "lavfi").Add("-f", "null", "-"),
            new MediaToolRun { Stage = "audio", Timeout = TimeSpan.FromMilliseconds(500) },
            CancellationToken.None));

        Assert.Equal("audio", ex.Stage);
    }

    [SkippableFact]
    public async Task A_binary_folder_with_the_tools_is_used_by_every_media_component()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var bin = Directory.CreateDirectory(Path.Combine(dir, "bin")).FullName;
        foreach (var tool in new[] { "ffmpeg", "ffprobe" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), Which(tool));
        }

        var options = new MediaOptions { BinaryFolder = bin };
        var media = await new FfprobeMediaProber(options).ProbeAsync(Video, CancellationToken.None);
        using var audio = await new FfmpegAudioExtractor(options).ExtractToFileAsync(Video, Path.Combine(dir, "a.pcm"), CancellationToken.None);
        var scenes = await new SceneAnalyzer(tools: new MediaToolRunner(options)).AnalyzeAsync(Video, media, Directory.CreateDirectory(Path.Combine(dir, "out")).FullName, null, CancellationToken.None);

        Assert.Equal(20, audio.DurationSeconds, 0.1);
        Assert.NotEmpty(scenes.Scenes);
        Assert.All(scenes.Scenes, s => Assert.True(File.Exists(Path.Combine(dir, "out", s.Keyframe!))));
    }

    [SkippableFact]
    public async Task A_binary_folder_without_the_tools_is_MediaToolMissingException_from_every_media_component()
    {
        Skip.IfNot(SceneFixtures.HasFfmpeg, "ffmpeg is not on PATH");
        var empty = Directory.CreateDirectory(Path.Combine(dir, "empty")).FullName;
        var options = new MediaOptions { BinaryFolder = empty };
        var tools = new MediaToolRunner(options);
        var media = await new FfprobeMediaProber(new MediaOptions()).ProbeAsync(Video, CancellationToken.None);
        var oneScene = new List<Scene> { new(0, 0, 2, 0, 50) };

        var probe = await Assert.ThrowsAsync<MediaToolMissingException>(() => new FfprobeMediaProber(options).ProbeAsync(Video, CancellationToken.None));
        var audio = await Assert.ThrowsAsync<MediaToolMissingException>(() => new FfmpegAudioExtractor(options).ExtractToFileAsync(Video, Path.Combine(dir, "a.pcm"), CancellationToken.None));
        var frames = await Assert.ThrowsAsync<MediaToolMissingException>(async () =>
        {
            await foreach (var frame in new FfmpegFrameSource(tools).ReadAsync(Video, CancellationToken.None))
            {
                _ = frame;
            }
        });

        // The analyzer's frames come from lifestream-frames (beside the assemblies), so ffmpeg is first missed by the keyframes.
        var analysis = await Assert.ThrowsAsync<MediaToolMissingException>(() => new SceneAnalyzer(tools: tools).AnalyzeAsync(Video, media, dir, null, CancellationToken.None));
        var keyframes = await Assert.ThrowsAsync<MediaToolMissingException>(() => new FfmpegKeyframeExtractor(new SceneAnalyzerOptions(), tools).ExtractAsync(Video, oneScene, dir, CancellationToken.None));

        Assert.Equal("probe", probe.Stage);
        Assert.Equal(("audio", Path.Combine(empty, "ffmpeg")), (audio.Stage, audio.Tool));
        Assert.Equal(SceneAnalyzer.ScenesStage, frames.Stage);
        Assert.Equal(SceneAnalyzer.KeyframesStage, analysis.Stage);
        Assert.Equal(SceneAnalyzer.KeyframesStage, keyframes.Stage);
        Assert.False(File.Exists(Path.Combine(dir, "a.pcm")));
    }

    private static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':')
            .Select(folder => Path.Combine(folder, tool))
            .First(File.Exists);
}
