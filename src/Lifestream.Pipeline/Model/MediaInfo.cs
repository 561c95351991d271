namespace Lifestream.Pipeline.Model;

/// <summary>What ffprobe says about the input.</summary>
public sealed record MediaInfo
{
    public required double DurationSeconds { get; init; }

    public required long SizeBytes { get; init; }

    public string? Container { get; init; }

    public bool HasVideo { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    /// <summary>Average frame rate (frames per second) or 0 when there is no video.</summary>
    public double FrameRate { get; init; }

    public string? VideoCodec { get; init; }

    public bool HasAudio { get; init; }

    public string? AudioCodec { get; init; }

    public int AudioSampleRate { get; init; }

    public int AudioChannels { get; init; }

    /// <summary>Video, audio and subtitle streams the container declares.</summary>
    public int StreamCount { get; init; }
}
