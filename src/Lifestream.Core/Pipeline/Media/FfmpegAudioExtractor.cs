using System.Buffers.Binary;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text;

namespace Lifestream.Core.Pipeline.Media;

/// <summary>
/// Runs <c>ffmpeg -i in -vn -ac 1 -ar 16000 -f s16le pipe:1</c> and reads the PCM from stdout as it arrives,
/// so nothing is written to disk. The input is a local file or an http(s) URL (streaming intake; read with
/// <see cref="MediaLocation.HttpInputOptions"/>, never shown with its query). Cancellation kills ffmpeg; a
/// non-zero exit becomes <see cref="MediaUnreadableException"/>.
/// </summary>
public sealed class FfmpegAudioExtractor : IAudioExtractor
{
    private const int BlockBytes = 64 * 1024;
    private const int MaxStderrChars = 4000;
    private static readonly string[] GlobalOptions = ["-nostdin", "-hide_banner", "-v", "error"];
    private readonly MediaOptions options;

    public FfmpegAudioExtractor(MediaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
    }

    public int SampleRate => options.SampleRate;

    public async Task<AudioBuffer> ExtractAsync(string mediaPath, double expectedDurationSeconds, CancellationToken cancellationToken)
    {
        // Pre-size from the probed duration so a 20-minute input does not go through repeated array doubling.
        var capacity = (int)Math.Clamp((expectedDurationSeconds + 1) * SampleRate, SampleRate, int.MaxValue / 2);
        var samples = new float[capacity];
        var count = 0;
        await foreach (var block in StreamAsync(mediaPath, cancellationToken))
        {
            if (count + block.Length > samples.Length)
            {
                Array.Resize(ref samples, Math.Max(samples.Length * 2, count + block.Length));
            }

            block.CopyTo(samples, count);
            count += block.Length;
        }

        if (count != samples.Length)
        {
            Array.Resize(ref samples, count);
        }

        return new AudioBuffer(samples, SampleRate);
    }

    public async IAsyncEnumerable<float[]> StreamAsync(string mediaPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!MediaLocation.IsRemote(mediaPath) && !File.Exists(mediaPath))
        {
            throw new MediaNotFoundException(mediaPath);
        }

        using var process = new Process { StartInfo = CreateStartInfo(mediaPath) };
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null && stderr.Length < MaxStderrChars)
            {
                lock (stderr)
                {
                    stderr.AppendLine(e.Data);
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new MediaToolMissingException(process.StartInfo.FileName, ex);
        }

        process.BeginErrorReadLine();
        await using var killOnCancel = cancellationToken.Register(() => Kill(process));
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            var buffer = new byte[BlockBytes + 1];
            var pending = 0; // 0 or 1 byte left over from an odd-sized read
            while (true)
            {
                var read = await stdout.ReadAsync(buffer.AsMemory(pending, BlockBytes), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var available = pending + read;
                var sampleCount = available / 2;
                yield return ToFloats(buffer.AsSpan(0, sampleCount * 2));
                pending = available - (sampleCount * 2);
                if (pending == 1)
                {
                    buffer[0] = buffer[available - 1];
                }
            }

            await process.WaitForExitAsync(cancellationToken);
        }
        finally
        {
            Kill(process);
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            string detail;
            lock (stderr)
            {
                detail = stderr.ToString().Trim();
            }

            throw new MediaUnreadableException("audio", MediaLocation.Describe(mediaPath), $"ffmpeg exited with code {process.ExitCode}: {MediaLocation.RedactIn(detail, mediaPath)}");
        }
    }

    private ProcessStartInfo CreateStartInfo(string mediaPath)
    {
        var info = new ProcessStartInfo(options.ToolPath("ffmpeg"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var arg in GlobalOptions.Concat(MediaLocation.HttpInputOptions(mediaPath)))
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var arg in new[] { "-i", mediaPath, "-map", "0:a:0", "-vn", "-ac", "1", "-ar", SampleRate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1" })
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static float[] ToFloats(ReadOnlySpan<byte> pcm)
    {
        var result = new float[pcm.Length / 2];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = BinaryPrimitives.ReadInt16LittleEndian(pcm.Slice(i * 2, 2)) / 32768f;
        }

        return result;
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started or already gone: nothing to stop.
        }
    }
}
