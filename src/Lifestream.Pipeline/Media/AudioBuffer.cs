using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Lifestream.Pipeline.Media;

/// <summary>
/// Mono PCM audio, read by sample range as floats in [-1, 1]. Two stores behind one API:
/// <list type="bullet">
/// <item>in memory (<see cref="AudioBuffer(float[], int)"/>): short clips, tests;</item>
/// <item>a 16-bit little-endian PCM file (<see cref="OpenPcmFile"/>), which is what the pipeline uses so that a long
/// input's audio is never held in memory at once: stages read the ranges they work on (a VAD block, an ASR region,
/// a diarization span) and memory stays flat in the input's length.</item>
/// </list>
/// Reads are thread-safe (positional file reads), so ASR workers can read regions concurrently.
/// </summary>
public sealed class AudioBuffer : IDisposable
{
    private const int BytesPerSample = 2;
    private readonly float[]? samples;
    private readonly SafeFileHandle? file;
    private readonly string? deleteOnDispose;

    public AudioBuffer(float[] samples, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        this.samples = samples;
        SampleRate = sampleRate;
        Length = samples.Length;
    }

    private AudioBuffer(SafeFileHandle file, int length, int sampleRate, string? deleteOnDispose)
    {
        this.file = file;
        this.deleteOnDispose = deleteOnDispose;
        SampleRate = sampleRate;
        Length = length;
    }

    public int SampleRate { get; }

    /// <summary>Number of samples.</summary>
    public int Length { get; }

    /// <summary>True when the samples live in a PCM file rather than in memory.</summary>
    public bool IsFileBacked => file is not null;

    public double DurationSeconds => (double)Length / SampleRate;

    /// <summary>
    /// Opens a headerless s16le PCM file. With <paramref name="deleteWhenDisposed"/>, disposing also deletes it
    /// (the pipeline's scratch copy).
    /// </summary>
    public static AudioBuffer OpenPcmFile(string path, int sampleRate, bool deleteWhenDisposed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        var bytes = RandomAccess.GetLength(handle);
        if (bytes / BytesPerSample > int.MaxValue)
        {
            handle.Dispose();
            throw new InvalidDataException($"{path} holds {bytes} bytes of PCM, more than one buffer addresses.");
        }

        return new AudioBuffer(handle, (int)(bytes / BytesPerSample), sampleRate, deleteWhenDisposed ? path : null);
    }

    /// <summary>Sample index for a time, clamped to the buffer.</summary>
    public int IndexOf(double seconds) => (int)Math.Clamp(Math.Round(seconds * SampleRate), 0, Length);

    /// <summary>
    /// The samples of a time range (clamped to the buffer). In memory: a view, no copy. File-backed: a fresh array
    /// of just that range.
    /// </summary>
    public ReadOnlyMemory<float> Slice(double start, double end)
    {
        var from = IndexOf(start);
        var to = Math.Max(from, IndexOf(end));
        if (samples is not null)
        {
            return samples.AsMemory(from, to - from);
        }

        var copy = new float[to - from];
        Read(from, copy);
        return copy;
    }

    /// <summary>
    /// Copies samples starting at <paramref name="offset"/> into <paramref name="destination"/>; returns how many
    /// were copied (fewer than requested only at the end of the buffer).
    /// </summary>
    public int Read(int offset, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var count = Math.Clamp(Length - offset, 0, destination.Length);
        if (samples is not null)
        {
            samples.AsSpan(offset, count).CopyTo(destination);
            return count;
        }

        ObjectDisposedException.ThrowIf(file!.IsClosed, this);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Min(count, 1 << 16) * BytesPerSample);
        try
        {
            var done = 0;
            while (done < count)
            {
                var chunk = Math.Min(count - done, bytes.Length / BytesPerSample);
                var span = bytes.AsSpan(0, chunk * BytesPerSample);
                ReadExactly(span, (long)(offset + done) * BytesPerSample);
                for (var i = 0; i < chunk; i++)
                {
                    destination[done + i] = BinaryPrimitives.ReadInt16LittleEndian(span.Slice(i * BytesPerSample, BytesPerSample)) / 32768f;
                }

                done += chunk;
            }

            return count;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public void Dispose()
    {
        if (file is null || file.IsClosed)
        {
            return;
        }

        file.Dispose();
        if (deleteOnDispose is not null)
        {
            File.Delete(deleteOnDispose);
        }
    }

    private void ReadExactly(Span<byte> buffer, long position)
    {
        while (!buffer.IsEmpty)
        {
            var read = RandomAccess.Read(file!, buffer, position);
            if (read == 0)
            {
                throw new EndOfStreamException("The PCM file is shorter than when it was opened.");
            }

            buffer = buffer[read..];
            position += read;
        }
    }
}
