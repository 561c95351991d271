using System.Globalization;
using FFMpegCore;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Pipeline.Media;

/// <summary>
/// Checks that ffprobe's answer describes usable media: not an empty file, not a still image, and media
/// data that really reaches the declared duration (a truncated upload of an MP4 with its index at the
/// front probes with the full duration).
/// </summary>
internal static class MediaIntegrity
{
    private const string Stage = "probe";

    public static void EnsureNotEmpty(string mediaPath)
    {
        if (new FileInfo(mediaPath).Length == 0)
        {
            throw new MediaUnreadableException(Stage, mediaPath, "the file is empty (0 bytes); nothing to analyse");
        }
    }

    /// <summary>A lone JPEG/PNG probes as a one-frame "video" stream in an image2 / *_pipe container.</summary>
    public static void EnsureNotStillImage(string mediaPath, IMediaAnalysis analysis)
    {
        var video = analysis.PrimaryVideoStream;
        var isImage = video is not null && analysis.Format.FormatName is { } format
            && (format.StartsWith("image2", StringComparison.Ordinal) || format.EndsWith("_pipe", StringComparison.Ordinal)
                || (video.CodecName is "mjpeg" or "png" or "bmp" or "gif" && analysis.Duration <= TimeSpan.FromSeconds(0.1)));
        if (isImage && analysis.PrimaryAudioStream is null)
        {
            throw new MediaUnreadableException(Stage, mediaPath, $"not a video: a still image ({video!.CodecName})");
        }
    }

    /// <summary>
    /// Lists the packets from the last second of the declared duration to the end (ffprobe seeks to the keyframe
    /// before it; nothing is decoded): an intact file has packets there, a truncated one stops early.
    /// </summary>
    public static async Task EnsureDataReachesTheEndAsync(MediaToolRunner tools, string mediaPath, TimeSpan duration, CancellationToken cancellationToken)
    {
        var tailStart = Math.Max(0, duration.TotalSeconds - 1);
        string csv;
        try
        {
            csv = await tools.RunAsync(
                MediaTool.Ffprobe,
                new MediaToolArguments("-v", "error", "-read_intervals", tailStart.ToString("0.###", CultureInfo.InvariantCulture) + "%", "-show_entries", "packet=pts_time", "-of", "csv=p=0").Input(mediaPath),
                new MediaToolRun { Stage = Stage, ReadStandardOutput = true },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MediaToolFailedException ex)
        {
            throw new MediaUnreadableException(Stage, mediaPath, $"the media data is corrupt ({ex.Tool} exited with {ex.ExitCode}: {ex.StandardErrorTail.Split(" | ", 2)[0]})", ex);
        }

        var lastPacket = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.TryParse(line.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NegativeInfinity)
            .DefaultIfEmpty(double.NegativeInfinity)
            .Max();
        if (lastPacket < tailStart)
        {
            var found = double.IsFinite(lastPacket) ? $"the media data stops at {lastPacket:0.###} s" : "no media data exists near the end";
            throw new MediaUnreadableException(Stage, mediaPath, $"corrupt or truncated: the header declares {duration.TotalSeconds:0.###} s but {found}");
        }
    }
}
