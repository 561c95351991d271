namespace Lifestream.Pipeline.Media;

/// <summary>Where ffmpeg/ffprobe live, the audio format the speech stages need and the limits the probe enforces.</summary>
public sealed record MediaOptions
{
    /// <summary>Folder holding ffmpeg and ffprobe; null means "find them on PATH".</summary>
    public string? BinaryFolder { get; init; }

    /// <summary>Sample rate of extracted audio. 16 kHz is what Silero VAD, pocketsphinx and Whisper expect.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>What the probe refuses (duration, streams, pixels, channels) before any decoding starts.</summary>
    public Lifestream.Core.Uploads.UploadLimits Limits { get; init; } = new();

    public void Validate()
    {
        if (SampleRate != 16_000)
        {
            throw new ArgumentException($"MediaOptions.SampleRate must be 16000 (the speech models are 16 kHz); got {SampleRate}.", nameof(SampleRate));
        }

        if (BinaryFolder is not null && !Directory.Exists(BinaryFolder))
        {
            throw new ArgumentException($"MediaOptions.BinaryFolder '{BinaryFolder}' does not exist.", nameof(BinaryFolder));
        }
    }

    internal string ToolPath(string tool) => BinaryFolder is null ? tool : Path.Combine(BinaryFolder, tool);
}
