using FFMpegCore;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.ProbeOnly;

/// <summary>
/// Runs ffprobe (through FFMpegCore) and maps the result to <see cref="MediaInfo"/>. Every way the input
/// can be unusable — missing, empty, unreadable, corrupt, not a video — ends in a
/// <see cref="PipelineException"/> with stage "probe" and a message that names the problem.
/// </summary>
public static class MediaProber
{
    public const string Stage = "probe";

    public static async Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mediaPath);
        var file = new FileInfo(mediaPath);
        if (!file.Exists)
        {
            throw new PipelineException(Stage, $"Input file '{file.Name}' does not exist.");
        }

        if (file.Length == 0)
        {
            throw new PipelineException(Stage, "Input file is empty (0 bytes); nothing to analyse.");
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(mediaPath, cancellationToken: cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            cancellationToken.ThrowIfCancellationRequested();
            throw new PipelineException(Stage, $"ffprobe could not read the input ({file.Length} bytes): it is corrupt or not a media file. {FirstLine(ex.Message)}", ex);
        }

        var video = analysis.PrimaryVideoStream;
        var audio = analysis.PrimaryAudioStream;
        if (video is null || IsStillImage(analysis, video))
        {
            var found = audio is not null ? "an audio-only file" : "no audio or video stream";
            throw new PipelineException(Stage, $"Input is not a video: ffprobe found {found} (format '{analysis.Format.FormatName}').");
        }

        var width = video.Width ?? 0;
        var height = video.Height ?? 0;
        if (width <= 0 || height <= 0 || analysis.Duration <= TimeSpan.Zero)
        {
            throw new PipelineException(Stage, $"Input video is unusable: {width}x{height}, duration {analysis.Duration.TotalSeconds:0.###} s.");
        }

        return new MediaInfo
        {
            DurationSeconds = analysis.Duration.TotalSeconds,
            SizeBytes = file.Length,
            Container = analysis.Format.FormatName,
            HasVideo = true,
            Width = width,
            Height = height,
            FrameRate = double.IsFinite(video.AverageFrameRate) ? video.AverageFrameRate : 0,
            VideoCodec = video.CodecName,
            HasAudio = audio is not null,
            AudioCodec = audio?.CodecName,
            AudioSampleRate = audio?.SampleRateHz ?? 0,
            AudioChannels = audio?.Channels ?? 0,
        };
    }

    // A lone JPEG/PNG probes as a one-frame "video" stream in an image2 / *_pipe container.
    private static bool IsStillImage(IMediaAnalysis analysis, VideoStream video) =>
        analysis.Format.FormatName is { } format
        && (format.StartsWith("image2", StringComparison.Ordinal) || format.EndsWith("_pipe", StringComparison.Ordinal)
            || video.CodecName is "mjpeg" or "png" or "bmp" or "gif" && analysis.Duration <= TimeSpan.FromSeconds(0.1));

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length <= 300 ? line : line[..300];
    }
}
