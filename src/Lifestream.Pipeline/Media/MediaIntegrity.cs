using System.Diagnostics;
using System.Globalization;
using FFMpegCore;

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
    public static async Task EnsureDataReachesTheEndAsync(string mediaPath, TimeSpan duration, CancellationToken cancellationToken)
    {
        var tailStart = Math.Max(0, duration.TotalSeconds - 1);
        string csv;
        try
        {
            csv = await RunFfprobeAsync(
                ["-v", "error", "-read_intervals", tailStart.ToString("0.###", CultureInfo.InvariantCulture) + "%", "-show_entries", "packet=pts_time", "-of", "csv=p=0", mediaPath],
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException ex)
        {
            throw new MediaUnreadableException(Stage, mediaPath, $"the media data is corrupt ({ex.Message.Split('\n', 2)[0].Trim()})", ex);
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

    private static async Task<string> RunFfprobeAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("ffprobe") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffprobe could not be started.");
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return process.ExitCode == 0 ? await stdout.ConfigureAwait(false) : throw new InvalidOperationException($"ffprobe exited with {process.ExitCode}: {await stderr.ConfigureAwait(false)}");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
