using System.Diagnostics;
using System.Globalization;
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

        await EnsureDataReachesTheEndAsync(mediaPath, analysis.Duration, cancellationToken);

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

    /// <summary>
    /// The header can be intact while the media data is cut off (an MP4 with its index at the front, truncated
    /// upload): ffprobe then reports the full duration. Listing the packets from the last second of the declared
    /// duration to the end (ffprobe seeks to the keyframe before it; no decoding) tells the difference: an intact
    /// file has packets in that last second, a truncated one stops early.
    /// </summary>
    private static async Task EnsureDataReachesTheEndAsync(string mediaPath, TimeSpan duration, CancellationToken cancellationToken)
    {
        var tailStart = Math.Max(0, duration.TotalSeconds - 1);
        string csv;
        try
        {
            csv = await RunFfprobeAsync(
                ["-v", "error", "-read_intervals", tailStart.ToString("0.###", CultureInfo.InvariantCulture) + "%", "-show_entries", "packet=pts_time", "-of", "csv=p=0", mediaPath],
                cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            throw new PipelineException(Stage, $"ffprobe could not read the media data: the file is corrupt. {FirstLine(ex.Message)}", ex);
        }

        var lastPacket = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.TryParse(line.TrimEnd(','), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : double.NegativeInfinity)
            .DefaultIfEmpty(double.NegativeInfinity)
            .Max();
        if (lastPacket < tailStart)
        {
            var found = double.IsFinite(lastPacket) ? $"the media data stops at {lastPacket:0.###} s" : "no media data exists near the end";
            throw new PipelineException(Stage, $"Input is corrupt or truncated: the header declares {duration.TotalSeconds:0.###} s but {found}.");
        }
    }

    /// <summary>Runs ffprobe; kills it when cancelled; throws InvalidOperationException with stderr on a non-zero exit.</summary>
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
            await process.WaitForExitAsync(cancellationToken);
            return process.ExitCode == 0 ? await stdout : throw new InvalidOperationException($"ffprobe exited with {process.ExitCode}: {await stderr}");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
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
