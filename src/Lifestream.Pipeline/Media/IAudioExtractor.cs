namespace Lifestream.Pipeline.Media;

/// <summary>Decodes the audio track of a media file to mono PCM at the speech sample rate.</summary>
public interface IAudioExtractor
{
    int SampleRate { get; }

    /// <summary>The whole track in one buffer. <paramref name="expectedDurationSeconds"/> (from the probe) pre-sizes it.</summary>
    Task<AudioBuffer> ExtractAsync(string mediaPath, double expectedDurationSeconds, CancellationToken cancellationToken);

    /// <summary>
    /// The whole track as a 16-bit PCM file at <paramref name="pcmPath"/>, returned as a file-backed buffer that
    /// deletes the file when disposed: memory stays flat in the input's length. On failure no file is left.
    /// </summary>
    Task<AudioBuffer> ExtractToFileAsync(string mediaPath, string pcmPath, CancellationToken cancellationToken);
}
