using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// One ffmpeg process per video: the first video stream is scaled to PySceneDetect's working size
/// (<see cref="PySceneDetectDownscale.ScaleFilter"/>), converted to RGB24 and written raw to stdout; the <c>showinfo</c> filter logs each frame's
/// pts and size on stderr, which is read concurrently and paired with the frames in order.
/// <c>-fps_mode passthrough</c> keeps exactly the decoded frames (no duplication or dropping), so
/// frame indices and times stay true on variable-frame-rate input.
/// </summary>
public sealed class FfmpegFrameSource : IAnalysisFrameSource
{
    private readonly MediaToolRunner tools;
    private readonly int effectiveWidth;
    private readonly bool skipLoopFilter;

    /// <param name="effectiveWidth">PySceneDetect's <c>DEFAULT_MIN_WIDTH</c> (256): the long edge frames are scaled down to.</param>
    /// <param name="skipLoopFilter">
    /// Decode without the in-loop deblocking filter (<c>-skip_loop_filter all</c>, H.264/HEVC/VP9): less decode
    /// work, but the pixels are no longer the ones PySceneDetect (OpenCV) decodes, so it is off by default.
    /// </param>
    public FfmpegFrameSource(MediaToolRunner? tools = null, int effectiveWidth = PySceneDetectDownscale.DefaultEffectiveWidth, bool skipLoopFilter = false)
    {
        if (effectiveWidth < 16)
        {
            throw new ArgumentException($"Effective width must be at least 16 pixels; got {effectiveWidth}.", nameof(effectiveWidth));
        }

        this.tools = tools ?? MediaToolRunner.OnPath;
        this.effectiveWidth = effectiveWidth;
        this.skipLoopFilter = skipLoopFilter;
    }

    public static MediaToolArguments BuildArguments(string mediaPath, int effectiveWidth = PySceneDetectDownscale.DefaultEffectiveWidth, bool skipLoopFilter = false) =>
        new MediaToolArguments("-nostdin", "-hide_banner", "-nostats", "-loglevel", "info")
            .Input(mediaPath, skipLoopFilter ? ["-skip_loop_filter", "all"] : [])
            .Add(
                "-map", "0:v:0", "-an", "-sn", "-dn",
                "-vf", $"{PySceneDetectDownscale.ScaleFilter(effectiveWidth)},format=rgb24,showinfo=checksum=0",
                "-fps_mode", "passthrough",
                "-f", "rawvideo", "pipe:1");

    public async IAsyncEnumerable<AnalysisFrame> ReadAsync(string mediaPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!File.Exists(mediaPath))
        {
            throw new FrameDecodingException($"Video file not found: '{mediaPath}'.");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeBase = new TimeBase();
        var frameLines = Channel.CreateUnbounded<ShowInfoFrame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // The showinfo lines are data (frame numbers and times), the rest of stderr goes to the runner's tail.
        var process = this.tools.Start(
            MediaTool.Ffmpeg,
            BuildArguments(mediaPath, this.effectiveWidth, this.skipLoopFilter),
            new MediaToolRun { Stage = SceneAnalyzer.ScenesStage, ReadStandardOutput = true, StandardErrorLine = line => TakeShowInfo(line, timeBase, frameLines.Writer) },
            cancellationToken);
        Task? stdoutTask = null;
        try
        {
            _ = process.StandardErrorDrained.ContinueWith(t => frameLines.Writer.TryComplete(t.Exception?.GetBaseException()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // A dedicated reader keeps ffmpeg's stdout drained while the consumer scores frames, so the
            // decoder never stalls on a full pipe; the bounded buffer caps memory.
            var frames = Channel.CreateBounded<AnalysisFrame>(new BoundedChannelOptions(FrameBufferCapacity) { SingleReader = true, SingleWriter = true });
            stdoutTask = Task.Run(() => PumpFramesAsync(process, mediaPath, frameLines.Reader, frames.Writer, timeBase, stop.Token), CancellationToken.None);
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
            await process.DisposeAsync();
            if (stdoutTask is not null)
            {
                await stdoutTask.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private const int FrameBufferCapacity = 64;

    private static readonly TimeSpan LineGrace = TimeSpan.FromSeconds(2);

    private static async Task PumpFramesAsync(MediaToolProcess process, string mediaPath, ChannelReader<ShowInfoFrame> frameLines, ChannelWriter<AnalysisFrame> frames, TimeBase timeBase, CancellationToken cancellationToken)
    {
        try
        {
            var stdout = process.StandardOutput;
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
                        throw new FrameDecodingException($"ffmpeg output ended inside frame {index}: {process.StandardErrorTail}");
                    }

                    (var info, pending) = await LineForFrameAsync(frameLines, index, pending, cancellationToken);
                    var time = info?.Pts is { } pts && timeBase.Denominator != 0
                        ? (double)pts * timeBase.Numerator / timeBase.Denominator
                        : (previousTime ?? 0) + lastInterval; // no line or NOPTS: continue the cadence
                    if (previousTime is { } prev)
                    {
                        lastInterval = time - prev;
                    }

                    previousTime = time;
                    await frames.WriteAsync(new AnalysisFrame(index++, time, first.Width, first.Height, pixels), cancellationToken);
                }
            }

            try
            {
                await process.WaitForExitAsync().WaitAsync(cancellationToken);
            }
            catch (MediaToolFailedException ex)
            {
                throw new FrameDecodingException($"ffmpeg exited with code {ex.ExitCode} decoding '{mediaPath}': {ex.StandardErrorTail}", ex);
            }

            if (index == 0)
            {
                throw new FrameDecodingException($"ffmpeg decoded no video frames from '{mediaPath}': {process.StandardErrorTail}");
            }

            frames.TryComplete();
        }
        catch (Exception ex)
        {
            frames.TryComplete(ex);
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

    private static bool TakeShowInfo(string line, TimeBase timeBase, ChannelWriter<ShowInfoFrame> frames)
    {
        if (ShowInfoLine.TryParseFrame(line, out var frame))
        {
            frames.TryWrite(frame);
            return true;
        }

        if (ShowInfoLine.TryParseTimeBase(line, out var num, out var den))
        {
            timeBase.Numerator = num;
            timeBase.Denominator = den;
            return true;
        }

        return false;
    }

    /// <summary>The stream time base showinfo logs before the first frame.</summary>
    private sealed class TimeBase
    {
        public long Numerator { get; set; }

        public long Denominator { get; set; }
    }
}
