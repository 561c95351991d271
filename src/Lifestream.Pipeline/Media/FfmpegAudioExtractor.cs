using System.Buffers.Binary;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Pipeline.Media;

/// <summary>
/// Runs <c>ffmpeg -i in -vn -ac 1 -ar 16000 -f s16le</c> either into a PCM file (<see cref="ExtractToFileAsync"/>,
/// what the pipeline uses: the audio never passes through memory) or to stdout, read as it arrives. The input is a
/// local file or an http(s) URL (streaming intake; read with <see cref="MediaLocation.InputOptions"/>, never
/// shown with its query). ffmpeg runs through <see cref="MediaToolRunner"/>; a non-zero exit becomes <see cref="MediaUnreadableException"/>.
/// </summary>
public sealed class FfmpegAudioExtractor : IAudioExtractor
{
    private const int BlockBytes = 64 * 1024;
    private const string Stage = "audio";
    private static readonly string[] GlobalOptions = ["-nostdin", "-hide_banner", "-v", "error"];
    private readonly MediaOptions options;
    private readonly MediaToolRunner tools;

    public FfmpegAudioExtractor(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument();
        this.options = options;
        tools = new MediaToolRunner(options);
    }

    public int SampleRate => options.SampleRate;

    public async Task<AudioBuffer> ExtractAsync(string mediaPath, double expectedDurationSeconds, CancellationToken cancellationToken)
    {
        // Pre-size from the probed duration so a long input does not go through repeated array doubling, and
        // convert straight into it: no per-block arrays (each would be a large-object-heap allocation).
        var capacity = (int)Math.Clamp((expectedDurationSeconds + 1) * SampleRate, SampleRate, int.MaxValue / 2);
        var samples = new float[capacity];
        var count = 0;
        var buffer = new byte[BlockBytes + 1];
        await RunAsync(mediaPath, "pipe:1", async stdout =>
        {
            var pending = 0; // 0 or 1 byte left over from an odd-sized read
            int read;
            while ((read = await stdout.ReadAsync(buffer.AsMemory(pending, BlockBytes), cancellationToken)) > 0)
            {
                var available = pending + read;
                var sampleCount = available / 2;
                if (count + sampleCount > samples.Length)
                {
                    Array.Resize(ref samples, Math.Max(samples.Length * 2, count + sampleCount));
                }

                ConvertInto(buffer.AsSpan(0, sampleCount * 2), samples.AsSpan(count, sampleCount));
                count += sampleCount;
                pending = available - (sampleCount * 2);
                if (pending == 1)
                {
                    buffer[0] = buffer[available - 1];
                }
            }
        }, cancellationToken);

        if (count != samples.Length)
        {
            Array.Resize(ref samples, count);
        }

        return new AudioBuffer(samples, SampleRate);
    }

    public async Task<AudioBuffer> ExtractToFileAsync(string mediaPath, string pcmPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pcmPath);
        try
        {
            // ffmpeg writes the PCM itself: no audio passes through this process's memory.
            await RunAsync(mediaPath, pcmPath, readStdout: null, cancellationToken);
            return AudioBuffer.OpenPcmFile(pcmPath, SampleRate, deleteWhenDisposed: true);
        }
        catch
        {
            File.Delete(pcmPath);
            throw;
        }
    }

    /// <summary>Runs ffmpeg writing s16le to <paramref name="output"/> (a path, or pipe:1 read by <paramref name="readStdout"/>).</summary>
    private async Task RunAsync(string mediaPath, string output, Func<Stream, Task>? readStdout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!MediaLocation.IsRemote(mediaPath) && !File.Exists(mediaPath))
        {
            throw new MediaNotFoundException(mediaPath);
        }

        var arguments = new MediaToolArguments(GlobalOptions)
            .Input(mediaPath)
            .Add("-map", "0:a:0", "-vn", "-ac", "1", "-ar", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "s16le", "-acodec", "pcm_s16le", "-y", output);
        await using var process = tools.Start(MediaTool.Ffmpeg, arguments, new MediaToolRun { Stage = Stage, ReadStandardOutput = readStdout is not null }, cancellationToken);
        try
        {
            if (readStdout is not null)
            {
                await readStdout(process.StandardOutput);
            }

            await process.WaitForExitAsync();
        }
        catch (MediaToolFailedException ex)
        {
            throw new MediaUnreadableException(Stage, MediaLocation.Describe(mediaPath), $"ffmpeg exited with code {ex.ExitCode}: {ex.StandardErrorTail}", ex);
        }
    }

    private static void ConvertInto(ReadOnlySpan<byte> pcm, Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(i * 2, 2)) / 32768f;
        }
    }
}
