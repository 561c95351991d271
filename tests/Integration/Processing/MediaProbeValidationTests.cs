using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Media;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>The pipeline's probe against real ffprobe: a clear "probe" error for every unusable input.</summary>
public sealed class MediaProbeValidationTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lifestream-probe-").FullName;
    private readonly FfprobeMediaProber prober = new(new MediaOptions());

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [SkippableFact]
    public async Task A_video_probes_with_its_streams()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var media = await prober.ProbeAsync(await MediaFixtures.VideoWithAudioAsync(directory), CancellationToken.None);

        Assert.True(media.HasVideo && media.HasAudio);
        Assert.Equal(160, media.Width);
        Assert.InRange(media.DurationSeconds, 1.5, 2.5);
    }

    [SkippableFact]
    public async Task Zero_byte_file_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await ProbeExpectingFailureAsync(await MediaFixtures.EmptyFileAsync(directory));
        Assert.Contains("empty (0 bytes)", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Text_file_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await ProbeExpectingFailureAsync(await MediaFixtures.TextFileAsync(directory));
        Assert.Contains("Cannot read media", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Truncated_mp4_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var video = await MediaFixtures.VideoWithAudioAsync(directory);
        var ex = await ProbeExpectingFailureAsync(await MediaFixtures.TruncatedCopyAsync(video, directory));
        Assert.Contains("Cannot read media", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Truncated_mp4_with_its_index_at_the_front_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var faststart = Path.Combine(directory, "faststart.mp4");
        await MediaFixtures.VideoWithAudioAsync(directory, seconds: 4, name: "plain.mp4");
        await MediaFixtures.RemuxFaststartAsync(Path.Combine(directory, "plain.mp4"), faststart);

        var ex = await ProbeExpectingFailureAsync(await MediaFixtures.TruncatedCopyAsync(faststart, directory));

        Assert.Contains("corrupt or truncated", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Still_image_is_not_a_video()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await ProbeExpectingFailureAsync(await MediaFixtures.StillImageAsync(directory));
        Assert.Contains("not a video", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Cancelled_probe_throws_operation_cancelled()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var video = await MediaFixtures.VideoWithAudioAsync(directory);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => prober.ProbeAsync(video, cancelled.Token));
    }

    private async Task<PipelineException> ProbeExpectingFailureAsync(string input)
    {
        var ex = await Assert.ThrowsAnyAsync<PipelineException>(() => prober.ProbeAsync(input, CancellationToken.None));
        Assert.Equal("probe", ex.Stage);
        return ex;
    }
}
