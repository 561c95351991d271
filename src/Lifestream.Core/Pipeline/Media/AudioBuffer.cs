namespace Lifestream.Core.Pipeline.Media;

/// <summary>Mono PCM audio as floats in [-1, 1].</summary>
public sealed class AudioBuffer
{
    public AudioBuffer(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        Samples = samples;
        SampleRate = sampleRate;
    }

    public float[] Samples { get; }

    public int SampleRate { get; }

    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>Sample index for a time, clamped to the buffer.</summary>
    public int IndexOf(double seconds) => (int)Math.Clamp(Math.Round(seconds * SampleRate), 0, Samples.Length);

    /// <summary>The samples of a time range (clamped to the buffer).</summary>
    public ReadOnlyMemory<float> Slice(double start, double end)
    {
        var from = IndexOf(start);
        var to = Math.Max(from, IndexOf(end));
        return Samples.AsMemory(from, to - from);
    }
}
