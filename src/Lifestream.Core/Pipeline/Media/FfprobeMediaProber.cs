using System.ComponentModel;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Lifestream.Core.Pipeline.Model;

namespace Lifestream.Core.Pipeline.Media;

/// <summary>ffprobe through FFMpegCore → <see cref="MediaInfo"/>.</summary>
public sealed class FfprobeMediaProber : IMediaProber
{
    private readonly FFOptions ffOptions;

    public FfprobeMediaProber(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ffOptions = new FFOptions { BinaryFolder = options.BinaryFolder ?? string.Empty };
    }

    public async Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!File.Exists(mediaPath))
        {
            throw new MediaNotFoundException(mediaPath);
        }

        MediaIntegrity.EnsureNotEmpty(mediaPath);
        IMediaAnalysis analysis;
        try
        {
            analysis = await FFProbe.AnalyseAsync(mediaPath, ffOptions, cancellationToken: cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new MediaToolMissingException("ffprobe", ex);
        }
        catch (Exception ex) when (ex is FFMpegException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new MediaUnreadableException("probe", mediaPath, $"ffprobe failed ({ex.Message.Trim()})", ex);
        }

        var video = analysis.PrimaryVideoStream;
        var audio = analysis.PrimaryAudioStream;
        if (video is null && audio is null)
        {
            throw new MediaUnreadableException("probe", mediaPath, "it has neither a video nor an audio stream");
        }

        MediaIntegrity.EnsureNotStillImage(mediaPath, analysis);
        await MediaIntegrity.EnsureDataReachesTheEndAsync(mediaPath, analysis.Duration, cancellationToken);

        return new MediaInfo
        {
            DurationSeconds = analysis.Duration.TotalSeconds,
            SizeBytes = new FileInfo(mediaPath).Length,
            Container = analysis.Format.FormatName,
            HasVideo = video is not null,
            Width = video?.Width ?? 0,
            Height = video?.Height ?? 0,
            FrameRate = video?.AverageFrameRate ?? 0,
            VideoCodec = video?.CodecName,
            HasAudio = audio is not null,
            AudioCodec = audio?.CodecName,
            AudioSampleRate = audio?.SampleRateHz ?? 0,
            AudioChannels = audio?.Channels ?? 0,
        };
    }
}
