using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// One ffmpeg process per video: the first video stream is converted at its own size to RGB24 by libswscale's
/// unscaled YUV→RGB path with the BT.601 matrix, the conversion OpenCV's <c>VideoCapture</c> asks the same libswscale
/// for (BGR24; the channel order is the only difference), and written raw to stdout. <see cref="LibavFrameSource"/>
/// makes the same conversion without the pipe and is the default; this source serves rotated streams and machines
/// without the helper. Each frame is then brought to PySceneDetect's
/// working size (<see cref="PySceneDetectDownscale.WorkingSize"/>) by <see cref="OpenCvLinearResize"/>, the port of
/// the <c>cv2.resize(..., INTER_LINEAR)</c> PySceneDetect calls: ffmpeg's scaler cannot produce those pixels
/// (its filters round differently and it scales before the colour conversion, not after). The <c>showinfo</c>
/// filter logs each frame's pts and size on stderr, which is read concurrently and paired with the frames in order.
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

    public static MediaToolArguments BuildArguments(string mediaPath, bool skipLoopFilter = false) =>
        Decode(mediaPath, skipLoopFilter, "info")
            .Add("-vf", $"{Conversion},showinfo=checksum=0", "-fps_mode", "passthrough", "-f", "rawvideo", "pipe:1");

    // OpenCV asks libswscale for the conversion without colour details, so it always uses the BT.601 matrix (and the
    // range the pixel format implies); ffmpeg's scale filter would follow a BT.709 tag, which HD footage carries.
    private const string Conversion = "scale=in_color_matrix=bt601,format=rgb24";

    /// <summary>
    /// The floor scene detection is measured against ("a bare decode of the same file"): the same ffmpeg input,
    /// decoder options, stream selection and (default) thread count as <see cref="BuildArguments"/>, to the null muxer.
    /// </summary>
    public static MediaToolArguments BareDecodeArguments(string mediaPath, bool skipLoopFilter = false) =>
        Decode(mediaPath, skipLoopFilter, "error").Add("-f", "null", "-");

    /// <summary><see cref="BuildArguments"/>'s decode and conversion, to the null muxer (profiling: ffmpeg's share of the cost).</summary>
    public static MediaToolArguments ConversionOnlyArguments(string mediaPath, bool skipLoopFilter = false) =>
        Decode(mediaPath, skipLoopFilter, "error").Add("-vf", Conversion, "-fps_mode", "passthrough", "-f", "null", "-");

    private static MediaToolArguments Decode(string mediaPath, bool skipLoopFilter, string logLevel) =>
        new MediaToolArguments("-nostdin", "-hide_banner", "-nostats", "-loglevel", logLevel)
            .Input(mediaPath, skipLoopFilter ? ["-skip_loop_filter", "all"] : [])
            .Add("-map", "0:v:0", "-an", "-sn", "-dn");

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
            BuildArguments(mediaPath, this.skipLoopFilter),
            new MediaToolRun { Stage = SceneAnalyzer.ScenesStage, ReadStandardOutput = true, StandardErrorLine = line => TakeShowInfo(line, timeBase, frameLines.Writer) },
            cancellationToken);
        Task? stdoutTask = null;
        try
        {
            _ = process.StandardErrorDrained.ContinueWith(t => frameLines.Writer.TryComplete(t.Exception?.GetBaseException()), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            // A dedicated reader keeps ffmpeg's stdout drained while the consumer scores frames, so the
            // decoder never stalls on a full pipe; the bounded buffer caps memory.
            var frames = FramePump.CreateChannel(FrameBufferCapacity);
            stdoutTask = Task.Run(() => PumpFramesAsync(process, mediaPath, this.effectiveWidth, frameLines.Reader, frames.Writer, timeBase, stop.Token), CancellationToken.None);
            await foreach (var frame in FramePump.YieldAsync(frames.Reader, cancellationToken))
            {
                yield return frame;
            }
        }
        finally
        {
            await FramePump.StopAsync(stop, process, stdoutTask);
        }
    }

    private const int FrameBufferCapacity = 64;

    private static readonly TimeSpan LineGrace = TimeSpan.FromSeconds(2);

    // Full-size frames are read in bands of about this many bytes and each band resized at once, while it is still in
    // the cache the read copied it into (whole frames do not fit in L2 and would be fetched from memory twice).
    private const int ReadBandBytes = 64 * 1024;

    /// <summary>
    /// Reads one frame's bytes into <paramref name="pixels"/>, through <paramref name="resize"/> band by band when the
    /// frame is shrunk. False at a clean end of the stream (no byte of a next frame); a frame cut short throws.
    /// </summary>
    private static async Task<bool> ReadFrameAsync(Stream stdout, int rows, int stride, byte[]? band, int bandRows, OpenCvLinearResize? resize, byte[] pixels, long index, MediaToolProcess process, CancellationToken cancellationToken)
    {
        if (resize is null || band is null)
        {
            var size = rows * stride;
            var read = await stdout.ReadAtLeastAsync(pixels.AsMemory(0, size), size, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                return false;
            }

            return read == size ? true : throw Truncated(index, process);
        }

        for (var row = 0; row < rows; row += bandRows)
        {
            var bytes = Math.Min(bandRows, rows - row) * stride;
            var read = await stdout.ReadAtLeastAsync(band.AsMemory(0, bytes), bytes, throwOnEndOfStream: false, cancellationToken);
            if (read == 0 && row == 0)
            {
                return false;
            }

            if (read < bytes)
            {
                throw Truncated(index, process);
            }

            resize.ResizeRows(band.AsSpan(0, bytes), row, pixels);
        }

        return true;
    }

    private static FrameDecodingException Truncated(long index, MediaToolProcess process) =>
        new($"ffmpeg output ended inside frame {index}: {process.StandardErrorTail}");

    private static async Task PumpFramesAsync(MediaToolProcess process, string mediaPath, int effectiveWidth, ChannelReader<ShowInfoFrame> frameLines, ChannelWriter<AnalysisFrame> frames, TimeBase timeBase, CancellationToken cancellationToken)
    {
        try
        {
            var stdout = process.StandardOutput;
            long index = 0;
            var clock = new FrameClock();

            // ffmpeg logs a frame's showinfo line before it writes the frame, so the first line gives the frame size.
            // After that stdout is drained on its own: waiting for a log line before reading pixels deadlocks when a
            // line is lost or garbled (ffmpeg then blocks writing the next frame while we wait for its line).
            ShowInfoFrame? pending = null;
            if (await frameLines.WaitToReadAsync(cancellationToken) && frameLines.TryRead(out var first))
            {
                pending = first;
                var (width, height) = PySceneDetectDownscale.WorkingSize(first.Width, first.Height, effectiveWidth);
                var resize = (width, height) == (first.Width, first.Height) ? null : new OpenCvLinearResize(first.Width, first.Height, width, height);
                var stride = first.Width * 3;
                var bandRows = resize is null ? first.Height : Math.Min(Math.Max(ReadBandBytes / stride / 2 * 2, 2), first.Height);
                var band = resize is null ? null : new byte[bandRows * stride];
                var ring = new WorkingFrameRing(FrameBufferCapacity, width * height * 3);
                while (true)
                {
                    var pixels = ring.For(index);
                    if (!await ReadFrameAsync(stdout, first.Height, stride, band, bandRows, resize, pixels, index, process, cancellationToken))
                    {
                        break;
                    }

                    (var info, pending) = await LineForFrameAsync(frameLines, index, pending, cancellationToken);
                    var time = clock.Next(info?.Pts, timeBase.Numerator, timeBase.Denominator);
                    await frames.WriteAsync(new AnalysisFrame(index++, time, width, height, pixels), cancellationToken);
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
