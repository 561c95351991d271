using System.Text.Json;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Pipeline.ProbeOnly;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>The probe-only pipeline against real ffprobe: honest documents for a video, a "probe" PipelineException for everything else.</summary>
public sealed class ProbeOnlyPipelineTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("lifestream-probe-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [SkippableFact]
    public async Task Video_gets_a_summary_that_states_analysis_is_not_available()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var video = await MediaFixtures.VideoWithAudioAsync(directory);
        var output = Path.Combine(directory, "out");
        var stages = new List<StageProgress>();

        var result = await new ProbeOnlyPipeline().RunAsync(Request(video, output), new SynchronousProgress(stages), CancellationToken.None);

        Assert.Equal(["summary.json", "summary.md"], result.Documents);
        Assert.Equal([StageState.Started, StageState.Completed], stages.Select(s => s.State));
        Assert.All(stages, s => Assert.Equal("probe", s.Stage));
        Assert.Contains("probe", result.StageTimings.Keys);

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
        var root = json.RootElement;
        Assert.Equal("probe-only", root.GetProperty("pipeline").GetString());
        Assert.False(root.GetProperty("analysis_available").GetBoolean());
        Assert.Equal(ProbeOnlyPipeline.NotAvailableNotice, root.GetProperty("notice").GetString());
        var media = root.GetProperty("media");
        Assert.Equal(160, media.GetProperty("width").GetInt32());
        Assert.Equal(90, media.GetProperty("height").GetInt32());
        Assert.InRange(media.GetProperty("duration_seconds").GetDouble(), 1.5, 2.5);
        Assert.True(media.GetProperty("has_audio").GetBoolean());
        Assert.Equal("h264", media.GetProperty("video_codec").GetString());
        Assert.False(root.TryGetProperty("segments", out _), "a probe-only summary must not carry (empty) transcript fields");

        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "summary.md"));
        Assert.Contains("**Not analysed.**", markdown, StringComparison.Ordinal);
        Assert.Contains("160x90", markdown, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Zero_byte_file_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await RunExpectingFailureAsync(await MediaFixtures.EmptyFileAsync(directory));
        Assert.Contains("empty (0 bytes)", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Text_file_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await RunExpectingFailureAsync(await MediaFixtures.TextFileAsync(directory));
        Assert.Matches("corrupt or not a media file|not a video", ex.Message);
    }

    [SkippableFact]
    public async Task Truncated_mp4_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var video = await MediaFixtures.VideoWithAudioAsync(directory);
        var ex = await RunExpectingFailureAsync(await MediaFixtures.TruncatedCopyAsync(video, directory));
        Assert.Contains("corrupt or not a media file", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Truncated_mp4_with_its_index_at_the_front_is_a_probe_error()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var faststart = Path.Combine(directory, "faststart.mp4");
        await MediaFixtures.VideoWithAudioAsync(directory, seconds: 4, name: "plain.mp4");
        await MediaFixtures.RemuxFaststartAsync(Path.Combine(directory, "plain.mp4"), faststart);

        var ex = await RunExpectingFailureAsync(await MediaFixtures.TruncatedCopyAsync(faststart, directory));

        Assert.Contains("corrupt or truncated", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Audio_only_file_is_not_a_video()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await RunExpectingFailureAsync(await MediaFixtures.AudioOnlyAsync(directory));
        Assert.Contains("not a video: ffprobe found an audio-only file", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Still_image_is_not_a_video()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var ex = await RunExpectingFailureAsync(await MediaFixtures.StillImageAsync(directory));
        Assert.Contains("not a video", ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Cancelled_probe_throws_operation_cancelled()
    {
        Skip.IfNot(MediaFixtures.FfmpegAvailable, "ffmpeg/ffprobe are not on PATH (apt-get install ffmpeg).");
        var video = await MediaFixtures.VideoWithAudioAsync(directory);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new ProbeOnlyPipeline().RunAsync(Request(video, Path.Combine(directory, "out")), null, cancelled.Token));
        Assert.False(File.Exists(Path.Combine(directory, "out", "summary.json")));
    }

    private async Task<PipelineException> RunExpectingFailureAsync(string input)
    {
        var stages = new List<StageProgress>();
        var ex = await Assert.ThrowsAsync<PipelineException>(
            () => new ProbeOnlyPipeline().RunAsync(Request(input, Path.Combine(directory, "out")), new SynchronousProgress(stages), CancellationToken.None));
        Assert.Equal("probe", ex.Stage);
        Assert.Equal(StageState.Failed, stages[^1].State);
        Assert.False(File.Exists(Path.Combine(directory, "out", "summary.json")));
        return ex;
    }

    private PipelineRequest Request(string media, string output) => new()
    {
        JobId = "job-probe",
        MediaPath = media,
        Source = new MediaSource { LocalPath = media },
        WorkDirectory = directory,
        OutputDirectory = output,
    };

    private sealed class SynchronousProgress(List<StageProgress> sink) : IProgress<StageProgress>
    {
        public void Report(StageProgress value) => sink.Add(value);
    }
}
