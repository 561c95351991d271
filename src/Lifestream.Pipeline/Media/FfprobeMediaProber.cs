using System.ComponentModel;
using FFMpegCore;
using FFMpegCore.Exceptions;
using Lifestream.Core.Configuration;
using Lifestream.Core.Uploads;
using Lifestream.Pipeline.Media.Tools;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Media;

/// <summary>
/// ffprobe through FFMpegCore → <see cref="MediaInfo"/>. A local file gets every integrity check; an http(s) URL
/// (streaming intake) gets the stream facts only — the empty-file and truncation checks need the whole file, so
/// the pipeline repeats the probe on the downloaded file — and its <see cref="MediaInfo.SizeBytes"/> is 0.
/// </summary>
public sealed class FfprobeMediaProber : IMediaProber
{
    private readonly FFOptions ffOptions;
    private readonly UploadLimits limits;
    private readonly MediaToolRunner tools;

    public FfprobeMediaProber(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        ffOptions = new FFOptions { BinaryFolder = options.BinaryFolder ?? string.Empty };
        limits = options.Limits;
        tools = new MediaToolRunner(options);
    }

    public async Task<MediaInfo> ProbeAsync(string mediaPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        var remote = MediaLocation.IsRemote(mediaPath);
        var shown = MediaLocation.Describe(mediaPath);
        if (!remote)
        {
            if (!File.Exists(mediaPath))
            {
                throw new MediaNotFoundException(mediaPath);
            }

            MediaIntegrity.EnsureNotEmpty(mediaPath);
        }

        IMediaAnalysis analysis;
        try
        {
            analysis = remote
                ? await FFProbe.AnalyseAsync(new Uri(mediaPath), ffOptions, string.Join(' ', MediaLocation.InputOptions(mediaPath)), cancellationToken)
                : await FFProbe.AnalyseAsync(mediaPath, ffOptions, string.Join(" ", MediaLocation.InputOptions(mediaPath)), cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new MediaToolMissingException("probe", tools.PathOf(MediaTool.Ffprobe), ex);
        }
        catch (Exception ex) when (ex is FFMpegException or FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            // The inner exception is not attached for a URL: its message and data echo the signed URL.
            throw new MediaUnreadableException("probe", shown, $"ffprobe failed ({MediaLocation.RedactIn(ex.Message.Trim(), mediaPath)})", remote ? null : ex);
        }

        var video = analysis.PrimaryVideoStream;
        var audio = analysis.PrimaryAudioStream;
        if (video is null && audio is null)
        {
            throw new MediaUnreadableException("probe", shown, "it has neither a video nor an audio stream");
        }

        // Before anything reads further: a header claiming 10^6 s or 16384x16384 is refused on what it declares.
        var streamCount = analysis.VideoStreams.Count + analysis.AudioStreams.Count + analysis.SubtitleStreams.Count;
        var shape = new MediaShape(analysis.Duration.TotalSeconds, streamCount, video?.Width ?? 0, video?.Height ?? 0, audio?.Channels ?? 0);
        if (limits.CheckMedia(shape) is { } violation)
        {
            throw new UploadLimitExceededException(violation);
        }

        MediaIntegrity.EnsureNotStillImage(shown, analysis);
        if (!remote)
        {
            await MediaIntegrity.EnsureDataReachesTheEndAsync(tools, mediaPath, analysis.Duration, cancellationToken);
        }

        return new MediaInfo
        {
            DurationSeconds = analysis.Duration.TotalSeconds,
            SizeBytes = remote ? 0 : new FileInfo(mediaPath).Length,
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
            StreamCount = streamCount,
        };
    }
}
