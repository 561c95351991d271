using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// One ffmpeg process per video: the first video stream is scaled to <c>width</c> pixels wide (area
/// filter), converted to RGB24 and written raw to stdout; the <c>showinfo</c> filter logs each frame's
/// pts and size on stderr, which is read concurrently and paired with the frames in order.
/// <c>-fps_mode passthrough</c> keeps exactly the decoded frames (no duplication or dropping), so
/// frame indices and times stay true on variable-frame-rate input.
/// </summary>
public sealed class FfmpegFrameSource : IAnalysisFrameSource
{
    private const int StderrTailLines = 20;
    private readonly string _ffmpegPath;
    private readonly int _width;
    private readonly bool _skipLoopFilter;

    /// <param name="skipLoopFilter">
    /// Decode without the in-loop deblocking filter (<c>-skip_loop_filter all</c>, H.264/HEVC/VP9): about a
    /// fifth less decode work. The faint block edges it leaves vanish at analysis size and do not move
    /// content scores near a cut threshold. Keyframes are decoded normally.
    /// </param>
    public FfmpegFrameSource(string ffmpegPath = "ffmpeg", int width = 160, bool skipLoopFilter = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(ffmpegPath);
        if (width < 16 || width % 2 != 0)
        {
            throw new ArgumentException($"Analysis width must be an even number of at least 16 pixels; got {width}.", nameof(width));
        }

        _ffmpegPath = ffmpegPath;
        _width = width;
        _skipLoopFilter = skipLoopFilter;
    }

    public static IReadOnlyList<string> BuildArguments(string mediaPath, int width, bool skipLoopFilter = true) =>
    [
        "-nostdin", "-hide_banner", "-nostats", "-loglevel", "info",
        .. (skipLoopFilter ? (string[])["-skip_loop_filter", "all"] : []),
        "-i", mediaPath,
        "-map", "0:v:0", "-an", "-sn", "-dn",
        "-vf", string.Create(CultureInfo.InvariantCulture, $"scale={width}:-2:flags=area,format=rgb24,showinfo=checksum=0"),
        "-fps_mode", "passthrough",
        "-f", "rawvideo", "pipe:1",
    ];

    public async IAsyncEnumerable<AnalysisFrame> ReadAsync(string mediaPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!File.Exists(mediaPath))
        {
            throw new FrameDecodingException($"Video file not found: '{mediaPath}'.");
        }

        using var process = Start(mediaPath);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var log = new FfmpegLog();
        var frameLines = Channel.CreateUnbounded<ShowInfoFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // A dedicated reader keeps ffmpeg's stdout drained while the consumer scores frames, so the
        // decoder never stalls on a full pipe; the bounded buffer caps memory.
        var frames = Channel.CreateBounded<AnalysisFrame>(new BoundedChannelOptions(FrameBufferCapacity) { SingleReader = true, SingleWriter = true });
        var stderrTask = Task.Run(() => PumpStderrAsync(process.StandardError, log, frameLines.Writer, stop.Token), CancellationToken.None);
        var stdoutTask = Task.Run(() => PumpFramesAsync(process, mediaPath, frameLines.Reader, frames.Writer, log, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var frame in frames.Reader.ReadAllAsync(cancellationToken))
            {
                // Buffered frames must not outlive a cancellation.
                cancellationToken.ThrowIfCancellationRequested();
                yield return frame;
            }
        }
        finally
        {
            await stop.CancelAsync();
            Kill(process);
            await Task.WhenAll(stdoutTask, stderrTask).ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private const int FrameBufferCapacity = 64;

    private static readonly TimeSpan LineGrace = TimeSpan.FromSeconds(2);

    private static async Task PumpFramesAsync(Process process, string mediaPath, ChannelReader<ShowInfoFrame> frameLines, ChannelWriter<AnalysisFrame> frames, FfmpegLog log, CancellationToken cancellationToken)
    {
        try
        {
            var stdout = process.StandardOutput.BaseStream;
            long index = 0;
            double? previousTime = null;
            double lastInterval = 0;

            // ffmpeg logs a frame's showinfo line before it writes the frame, so the first line gives the frame size.
            // After that stdout is drained on its own: waiting for a log line before reading pixels deadlocks when a
            // line is lost or garbled (ffmpeg then blocks writing the next frame while we wait for its line).
            ShowInfoFrame? pending = null;
            if (await frameLines.WaitToReadAsync(cancellationToken) && frameLines.TryRead(out var first))
            {
                pending = first;
                var size = first.Width * first.Height * 3;
                while (true)
                {
                    var pixels = new byte[size];
                    var read = await stdout.ReadAtLeastAsync(pixels, size, throwOnEndOfStream: false, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    if (read < size)
                    {
                        throw new FrameDecodingException($"ffmpeg output ended inside frame {index}: {log.Tail}");
                    }

                    (var info, pending) = await LineForFrameAsync(frameLines, index, pending, cancellationToken);
                    var time = info?.Pts is { } pts && log.TimeBaseDenominator != 0
                        ? (double)pts * log.TimeBaseNumerator / log.TimeBaseDenominator
                        : (previousTime ?? 0) + lastInterval; // no line or NOPTS: continue the cadence
                    if (previousTime is { } prev)
                    {
                        lastInterval = time - prev;
                    }

                    previousTime = time;
                    await frames.WriteAsync(new AnalysisFrame(index++, time, first.Width, first.Height, pixels), cancellationToken);
                }
            }

            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new FrameDecodingException($"ffmpeg exited with code {process.ExitCode} decoding '{mediaPath}': {log.Tail}");
            }

            if (index == 0)
            {
                throw new FrameDecodingException($"ffmpeg decoded no video frames from '{mediaPath}': {log.Tail}");
            }

            frames.TryComplete();
        }
        catch (Exception ex)
        {
            frames.TryComplete(ex);
        }
    }

    private Process Start(string mediaPath)
    {
        var startInfo = new ProcessStartInfo(_ffmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in BuildArguments(mediaPath, _width, _skipLoopFilter))
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) ?? throw new FrameDecodingException($"ffmpeg ('{_ffmpegPath}') did not start.");
        }
        catch (Win32Exception ex)
        {
            throw new FrameDecodingException($"ffmpeg ('{_ffmpegPath}') could not be started: {ex.Message}. Install ffmpeg or set the ffmpeg path.", ex);
        }
    }

    /// <summary>
    /// The showinfo line of frame <paramref name="index"/> (matched by its frame number). The line precedes the frame's
    /// bytes, so it is normally already there; a line that does not arrive within <see cref="LineGrace"/> is treated
    /// as lost and the caller continues the frame cadence.
    /// </summary>
    private static async Task<(ShowInfoFrame? Line, ShowInfoFrame? Pending)> LineForFrameAsync(ChannelReader<ShowInfoFrame> lines, long index, ShowInfoFrame? pending, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (pending is { } line)
            {
                if (line.Number == index)
                {
                    return (line, null);
                }

                if (line.Number > index)
                {
                    return (null, line);
                }
            }

            if (lines.TryRead(out var next))
            {
                pending = next;
                continue;
            }

            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(LineGrace);
            try
            {
                if (!await lines.WaitToReadAsync(grace.Token))
                {
                    return (null, null);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (null, null);
            }
        }
    }

    private static async Task PumpStderrAsync(StreamReader stderr, FfmpegLog log, ChannelWriter<ShowInfoFrame> frames, CancellationToken cancellationToken)
    {
        try
        {
            while (await stderr.ReadLineAsync(cancellationToken) is { } line)
            {
                if (ShowInfoLine.TryParseFrame(line, out var frame))
                {
                    frames.TryWrite(frame);
                }
                else if (ShowInfoLine.TryParseTimeBase(line, out var num, out var den))
                {
                    log.TimeBaseNumerator = num;
                    log.TimeBaseDenominator = den;
                }
                else
                {
                    log.Add(line);
                }
            }

            frames.TryComplete();
        }
        catch (Exception ex)
        {
            frames.TryComplete(ex);
        }
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
            // Already gone.
        }
    }

    /// <summary>The time base and the last non-frame lines of ffmpeg's stderr (for error messages).</summary>
    private sealed class FfmpegLog
    {
        private readonly Queue<string> _tail = new();
        private readonly Lock _gate = new();

        public long TimeBaseNumerator { get; set; }

        public long TimeBaseDenominator { get; set; }

        public string Tail
        {
            get
            {
                lock (_gate)
                {
                    return _tail.Count == 0 ? "(no output)" : string.Join(" | ", _tail);
                }
            }
        }

        public void Add(string line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            lock (_gate)
            {
                _tail.Enqueue(line.Trim());
                while (_tail.Count > StderrTailLines)
                {
                    _tail.Dequeue();
                }
            }
        }
    }
}
