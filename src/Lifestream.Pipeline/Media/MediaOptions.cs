using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Media;

/// <summary>Where ffmpeg/ffprobe live, the audio format the speech stages need and the limits the probe enforces.</summary>
public sealed record MediaOptions : IValidatedOptions
{
    /// <summary>Folder holding ffmpeg and ffprobe; null means "find them on PATH".</summary>
    public string? BinaryFolder { get; init; }

    /// <summary>Sample rate of extracted audio. 16 kHz is what Silero VAD, pocketsphinx and Whisper expect.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>What the probe refuses (duration, streams, pixels, channels) before any decoding starts.</summary>
    public Lifestream.Core.Uploads.UploadLimits Limits { get; init; } = new();

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (SampleRate != 16_000)
        {
            problems.Add($"MediaOptions.SampleRate must be 16000 (the speech models are 16 kHz); got {SampleRate}.");
        }

        if (BinaryFolder is not null && !Directory.Exists(BinaryFolder))
        {
            problems.Add($"MediaOptions.BinaryFolder '{BinaryFolder}' does not exist.");
        }

        return problems;
    }

    internal string ToolPath(string tool) => BinaryFolder is null ? tool : Path.Combine(BinaryFolder, tool);
}
