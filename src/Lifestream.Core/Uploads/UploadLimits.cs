using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;

namespace Lifestream.Core.Uploads;

/// <summary>
/// What one upload may cost: the limits the dispatcher (object size, at HeadObject, before a task is paid for), the
/// processor (disk need before the download) and the pipeline (duration, streams, pixels, channels, right after the
/// probe) enforce, and the upload API can check up front. Every limit is a named setting with a default; Terraform
/// sets the same variables on the dispatcher Lambda, which passes them to every task. Over a limit the job ends
/// <c>rejected</c> with the limit and the value: a permanent cause, never retried.
/// </summary>
public sealed record UploadLimits
{
    public const string MaxObjectBytesVariable = "LIFESTREAM_MAX_OBJECT_BYTES";
    public const string MaxDurationSecondsVariable = "LIFESTREAM_MAX_DURATION_SECONDS";
    public const string MaxStreamsVariable = "LIFESTREAM_MAX_STREAMS";
    public const string MaxPixelsVariable = "LIFESTREAM_MAX_PIXELS";
    public const string MaxAudioChannelsVariable = "LIFESTREAM_MAX_AUDIO_CHANNELS";
    public const string DiskHeadroomPercentVariable = "LIFESTREAM_DISK_HEADROOM_PERCENT";

    /// <summary>The PCM scratch file the speech branch decodes into: 16 kHz, 16-bit, mono.</summary>
    public const long PcmScratchBytesPerSecond = 16_000 * 2;

    /// <summary>Room for the keyframe JPEGs (one per scene, at most 480 px wide) and the result documents.</summary>
    public const long KeyframesAndDocumentsBytes = 64L * 1024 * 1024;

    /// <summary>Every variable this record reads, in the order the hosts pass them on.</summary>
    public static IReadOnlyList<string> Variables { get; } =
        [MaxObjectBytesVariable, MaxDurationSecondsVariable, MaxStreamsVariable, MaxPixelsVariable, MaxAudioChannelsVariable, DiskHeadroomPercentVariable];

    /// <summary>Largest object accepted, in bytes. Default 10 GiB.</summary>
    public long MaxObjectBytes { get; init; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Longest media accepted (ffprobe's duration). Default 4 hours.</summary>
    public int MaxDurationSeconds { get; init; } = 4 * 3600;

    /// <summary>Most streams (video + audio + subtitle) one file may declare. Default 8.</summary>
    public int MaxStreams { get; init; } = 8;

    /// <summary>Largest picture (width × height) accepted. Default 8K UHD (7680 × 4320).</summary>
    public long MaxPixels { get; init; } = 7680L * 4320;

    /// <summary>Most channels in the audio stream the pipeline decodes. Default 8 (7.1).</summary>
    public int MaxAudioChannels { get; init; } = 8;

    /// <summary>Extra free disk beyond the computed need, in percent of it. Default 25.</summary>
    public int DiskHeadroomPercent { get; init; } = 25;

    /// <summary>Reads every limit; problems are collected in <paramref name="reader"/>.</summary>
    public static UploadLimits Read(EnvironmentReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var defaults = new UploadLimits();
        return new UploadLimits
        {
            MaxObjectBytes = reader.Int64OrNull(MaxObjectBytesVariable, 1, 5L * 1024 * 1024 * 1024 * 1024) ?? defaults.MaxObjectBytes,
            MaxDurationSeconds = reader.Int32Setting(MaxDurationSecondsVariable, defaults.MaxDurationSeconds, 1, 7 * 24 * 3600),
            MaxStreams = reader.Int32Setting(MaxStreamsVariable, defaults.MaxStreams, 1, 1024),
            MaxPixels = reader.Int64OrNull(MaxPixelsVariable, 1, 1L << 32) ?? defaults.MaxPixels,
            MaxAudioChannels = reader.Int32Setting(MaxAudioChannelsVariable, defaults.MaxAudioChannels, 1, 64),
            DiskHeadroomPercent = reader.Int32Setting(DiskHeadroomPercentVariable, defaults.DiskHeadroomPercent, 0, 1000),
        };
    }

    /// <summary>Reads every limit and throws <see cref="DispatcherConfigurationException"/> listing every problem.</summary>
    public static UploadLimits FromEnvironment(Func<string, string?> lookup)
    {
        var reader = new EnvironmentReader(lookup);
        var limits = Read(reader);
        reader.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems));
        return limits;
    }

    /// <summary>The variables with these values, for passing the same limits to a task.</summary>
    public IReadOnlyDictionary<string, string> ToEnvironment() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [MaxObjectBytesVariable] = Format(MaxObjectBytes),
        [MaxDurationSecondsVariable] = Format(MaxDurationSeconds),
        [MaxStreamsVariable] = Format(MaxStreams),
        [MaxPixelsVariable] = Format(MaxPixels),
        [MaxAudioChannelsVariable] = Format(MaxAudioChannels),
        [DiskHeadroomPercentVariable] = Format(DiskHeadroomPercent),
    };

    /// <summary>Null when an object of <paramref name="sizeBytes"/> is acceptable.</summary>
    public LimitViolation? CheckObjectSize(long sizeBytes) =>
        sizeBytes > MaxObjectBytes ? new LimitViolation("object size", MaxObjectBytesVariable, MaxObjectBytes, sizeBytes, "bytes") : null;

    /// <summary>The first limit the probed media exceeds, or null.</summary>
    public LimitViolation? CheckMedia(MediaShape media)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (!double.IsFinite(media.DurationSeconds) || media.DurationSeconds > MaxDurationSeconds)
        {
            var seconds = double.IsFinite(media.DurationSeconds) ? (long)Math.Ceiling(media.DurationSeconds) : long.MaxValue;
            return new LimitViolation("duration", MaxDurationSecondsVariable, MaxDurationSeconds, seconds, "s");
        }

        if (media.StreamCount > MaxStreams)
        {
            return new LimitViolation("stream count", MaxStreamsVariable, MaxStreams, media.StreamCount, "streams");
        }

        var pixels = (long)media.Width * media.Height;
        if (pixels > MaxPixels)
        {
            return new LimitViolation($"picture size ({media.Width}x{media.Height})", MaxPixelsVariable, MaxPixels, pixels, "pixels");
        }

        return media.AudioChannels > MaxAudioChannels
            ? new LimitViolation("audio channels", MaxAudioChannelsVariable, MaxAudioChannels, media.AudioChannels, "channels")
            : null;
    }

    /// <summary>
    /// Free disk a job needs before its download starts: the object, the PCM scratch file for the longest media these
    /// limits let through (the duration is known only after the probe, and longer media is rejected there), the
    /// keyframes and documents, plus <see cref="DiskHeadroomPercent"/>.
    /// </summary>
    public long DiskNeed(long objectBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(objectBytes);
        var need = objectBytes + (PcmScratchBytesPerSecond * MaxDurationSeconds) + KeyframesAndDocumentsBytes;
        return need + (need / 100 * DiskHeadroomPercent);
    }

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The facts about probed media the limits look at.</summary>
public sealed record MediaShape(double DurationSeconds, int StreamCount, int Width, int Height, int AudioChannels);

/// <summary>One limit exceeded: which, the setting that holds it, its value and what the upload had.</summary>
public sealed record LimitViolation(string What, string Setting, long Limit, long Actual, string Unit)
{
    public string Message => string.Create(CultureInfo.InvariantCulture, $"{What} {Actual} {Unit} exceeds the limit of {Limit} {Unit} ({Setting})");

    public override string ToString() => Message;
}
