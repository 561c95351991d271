using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Frames from <c>lifestream-frames</c> (Scenes/Native/lifestream-frames.c), our decoder helper: it decodes with the
/// system's libavcodec and converts each frame at its own size to RGB24 with the libswscale call OpenCV's
/// <c>VideoCapture</c> makes (so the pixels are PySceneDetect's by construction, and equal to
/// <see cref="FfmpegFrameSource"/>'s on the inputs both handle), into a ring of slots in a shared file this
/// source maps. Only a 24-byte record per frame crosses the pipe, not the frame: full-size RGB24 through a pipe cost
/// more than the decode itself. The helper converts only the rows the resize reads (<see cref="OpenCvLinearResize.SourceRowsRead"/>,
/// sent once after its header). Each frame is resized from its slot to PySceneDetect's working size by
/// <see cref="OpenCvLinearResize"/>, then its slot is handed back (one byte on the helper's stdin), so the helper
/// decodes the next frames while the detector scores this one. Decoding stays in the helper's process: an input
/// that crashes a decoder fails the scene stage with <see cref="FrameDecodingException"/>, it does not take down the host.
/// The helper does not apply a display rotation; a rotated stream is handed to <see cref="FfmpegFrameSource"/>
/// (ffmpeg and OpenCV both rotate it), as is every input when the helper is not installed (<see cref="Create"/>).
/// </summary>
public sealed class LibavFrameSource : IAnalysisFrameSource
{
    /// <summary>Frames in flight between the helper and this source: one being resized, the others decoded ahead.</summary>
    public const int Slots = 3;

    private const int HeaderBytes = 40;
    private const int RecordBytes = 24;
    private const uint ProtocolVersion = 1;
    private const int FrameBufferCapacity = 16;

    private readonly MediaToolRunner tools;
    private readonly int effectiveWidth;
    private readonly bool skipLoopFilter;
    private readonly FfmpegFrameSource rotatedFallback;
    private readonly string framesDirectory;

    /// <param name="skipLoopFilter">See <see cref="FfmpegFrameSource"/>: off for PySceneDetect parity.</param>
    /// <param name="framesDirectory">Where the helper creates its frame file (the system's temp directory by default).</param>
    public LibavFrameSource(MediaToolRunner? tools = null, int effectiveWidth = PySceneDetectDownscale.DefaultEffectiveWidth, bool skipLoopFilter = false, string? framesDirectory = null)
    {
        this.tools = tools ?? MediaToolRunner.OnPath;
        this.framesDirectory = framesDirectory ?? Path.GetTempPath();
        this.rotatedFallback = new FfmpegFrameSource(this.tools, effectiveWidth, skipLoopFilter);
        this.effectiveWidth = effectiveWidth;
        this.skipLoopFilter = skipLoopFilter;
    }

    /// <summary>This source when the helper is installed, otherwise <see cref="FfmpegFrameSource"/> (the same frames through ffmpeg's pipe).</summary>
    public static IAnalysisFrameSource Create(MediaToolRunner? tools, int effectiveWidth, bool skipLoopFilter)
    {
        tools ??= MediaToolRunner.OnPath;
        return tools.IsInstalled(MediaTool.FrameDecoder)
            ? new LibavFrameSource(tools, effectiveWidth, skipLoopFilter)
            : new FfmpegFrameSource(tools, effectiveWidth, skipLoopFilter);
    }

    /// <summary>The helper's arguments: the input with the options every media input gets, then the frame file and its slots.</summary>
    public static MediaToolArguments BuildArguments(string mediaPath, string framesFile, bool skipLoopFilter = false) =>
        Decode(mediaPath, skipLoopFilter).Add("-shm", framesFile, "-slots", Slots.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The floor this source is measured against: the helper's own demuxer and decoder (same threads), no conversion, nothing written.</summary>
    public static MediaToolArguments BareDecodeArguments(string mediaPath, bool skipLoopFilter = false) =>
        Decode(mediaPath, skipLoopFilter).Add("-decode-only");

    private static MediaToolArguments Decode(string mediaPath, bool skipLoopFilter) =>
        new MediaToolArguments().Input(mediaPath, skipLoopFilter ? ["-skip_loop_filter", "all"] : []);

    public async IAsyncEnumerable<AnalysisFrame> ReadAsync(string mediaPath, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        if (!MediaLocation.IsRemote(mediaPath) && !File.Exists(mediaPath))
        {
            throw new FrameDecodingException($"Video file not found: '{MediaLocation.Describe(mediaPath)}'.");
        }

        // The helper creates the file (exclusively) once it knows the frame size; it is unlinked as soon as it is
        // mapped, so neither a crash of the helper nor of this process leaves it behind for longer than the run.
        var framesFile = Path.Combine(this.framesDirectory, $"lifestream-frames-{Guid.NewGuid():N}.rgb");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var rotated = false;
        var process = this.tools.Start(
            MediaTool.FrameDecoder,
            BuildArguments(mediaPath, framesFile, this.skipLoopFilter),
            new MediaToolRun { Stage = SceneAnalyzer.ScenesStage, ReadStandardOutput = true, WriteStandardInput = true },
            cancellationToken);
        Task? pump = null;
        try
        {
            var header = await ReadHeaderAsync(process, mediaPath, cancellationToken);
            if (header.RotationDegrees != 0)
            {
                rotated = true;
            }
            else
            {
                var frames = FramePump.CreateChannel(FrameBufferCapacity);
                var file = MemoryMappedFile.CreateFromFile(framesFile, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
                File.Delete(framesFile);
                pump = Task.Run(() => PumpFramesAsync(process, file, header, mediaPath, frames.Writer, stop.Token), CancellationToken.None);
                await foreach (var frame in FramePump.YieldAsync(frames.Reader, cancellationToken))
                {
                    yield return frame;
                }
            }
        }
        finally
        {
            await FramePump.StopAsync(stop, process, pump);
            File.Delete(framesFile);
        }

        if (rotated)
        {
            await foreach (var frame in this.rotatedFallback.ReadAsync(mediaPath, cancellationToken))
            {
                yield return frame;
            }
        }
    }

    private readonly record struct Header(int Width, int Height, int TimeBaseNumerator, int TimeBaseDenominator, double RotationDegrees, int Stride, int SlotBytes);

    private static async Task<Header> ReadHeaderAsync(MediaToolProcess process, string mediaPath, CancellationToken cancellationToken)
    {
        var bytes = new byte[HeaderBytes];
        var read = await process.StandardOutput.ReadAtLeastAsync(bytes, HeaderBytes, throwOnEndOfStream: false, cancellationToken);
        if (read < HeaderBytes)
        {
            throw await ExitFailureAsync(process, mediaPath)
                ?? new FrameDecodingException($"lifestream-frames decoded no video frames from '{MediaLocation.Describe(mediaPath)}': {process.StandardErrorTail}");
        }

        var span = bytes.AsSpan();
        var header = new Header(
            BinaryPrimitives.ReadInt32LittleEndian(span[8..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[20..]),
            BinaryPrimitives.ReadDoubleLittleEndian(span[24..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(span[36..]));
        if (!span[..4].SequenceEqual("LSFR"u8) || BinaryPrimitives.ReadUInt32LittleEndian(span[4..]) != ProtocolVersion
            || header.Width <= 0 || header.Height <= 0 || header.TimeBaseDenominator <= 0
            || header.Stride < header.Width * 3 || header.SlotBytes < ((long)header.Stride * (header.Height - 1)) + (header.Width * 3))
        {
            throw new FrameDecodingException($"lifestream-frames wrote a header this source does not read (protocol version {ProtocolVersion} expected).");
        }

        return header;
    }

    /// <summary>Waits for the helper's exit: null when it exited 0, else the failure naming its exit code and stderr.</summary>
    private static async Task<FrameDecodingException?> ExitFailureAsync(MediaToolProcess process, string mediaPath)
    {
        try
        {
            await process.WaitForExitAsync();
            return null;
        }
        catch (MediaToolFailedException ex)
        {
            return new FrameDecodingException($"lifestream-frames exited with code {ex.ExitCode} decoding '{MediaLocation.Describe(mediaPath)}': {ex.StandardErrorTail}", ex);
        }
    }

    private async Task PumpFramesAsync(MediaToolProcess process, MemoryMappedFile file, Header header, string mediaPath, ChannelWriter<AnalysisFrame> frames, CancellationToken cancellationToken)
    {
        try
        {
            using (file)
            {
                using var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
                var slotBytes = header.SlotBytes;
                if (view.Capacity < (long)slotBytes * Slots)
                {
                    throw new FrameDecodingException($"lifestream-frames' frame file holds {view.Capacity} bytes, not {Slots} frames of {header.Width}x{header.Height}.");
                }

                var (width, height) = PySceneDetectDownscale.WorkingSize(header.Width, header.Height, this.effectiveWidth);
                var resize = (width, height) == (header.Width, header.Height) ? null : new OpenCvLinearResize(header.Width, header.Height, width, height);
                var stdout = process.StandardOutput;
                var stdin = process.StandardInput;

                // The rows the resize reads are the only ones the helper has to convert.
                var rowsRead = resize?.SourceRowsRead() ?? Enumerable.Repeat(true, header.Height).ToArray();
                var helperReading = await TryWriteAsync(stdin, [.. rowsRead.Select(read => read ? (byte)1 : (byte)0)], cancellationToken);
                var record = new byte[RecordBytes];
                var clock = new FrameClock();

                var ring = new WorkingFrameRing(FrameBufferCapacity, width * height * 3);
                long index = 0;
                while (true)
                {
                    var read = await stdout.ReadAtLeastAsync(record, RecordBytes, throwOnEndOfStream: false, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    if (read < RecordBytes)
                    {
                        throw new FrameDecodingException($"lifestream-frames' output ended inside the record of frame {index}: {process.StandardErrorTail}");
                    }

                    var recordIndex = BinaryPrimitives.ReadInt64LittleEndian(record);
                    var pts = BinaryPrimitives.ReadInt64LittleEndian(record.AsSpan(8));
                    var slot = BinaryPrimitives.ReadInt32LittleEndian(record.AsSpan(16));
                    if (recordIndex != index || slot != index % Slots)
                    {
                        throw new FrameDecodingException($"lifestream-frames sent frame {recordIndex} in slot {slot} where frame {index} in slot {index % Slots} was due.");
                    }

                    var pixels = ring.For(index);
                    CopyWorkingFrame(view, (long)slot * slotBytes, header, resize, pixels);
                    helperReading = helperReading && await TryWriteAsync(stdin, Release, cancellationToken);
                    var time = clock.Next(pts == long.MinValue ? null : pts, header.TimeBaseNumerator, header.TimeBaseDenominator);
                    await frames.WriteAsync(new AnalysisFrame(index++, time, width, height, pixels), cancellationToken);
                }

                if (await ExitFailureAsync(process, mediaPath) is { } failure)
                {
                    throw failure;
                }

                frames.TryComplete();
            }
        }
        catch (Exception ex)
        {
            frames.TryComplete(ex);
        }
    }

    private static readonly byte[] Release = [1];

    /// <summary>
    /// Writes to the helper (the rows to convert, a slot handed back). False once the helper no longer reads: it has
    /// exited, after its last frame (its records are still in the pipe to be read) or because it failed (its exit
    /// says why, after the records it wrote).
    /// </summary>
    private static async Task<bool> TryWriteAsync(Stream stdin, byte[] bytes, CancellationToken cancellationToken)
    {
        try
        {
            await stdin.WriteAsync(bytes, cancellationToken);
            await stdin.FlushAsync(cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static unsafe void CopyWorkingFrame(MemoryMappedViewAccessor view, long offset, Header header, OpenCvLinearResize? resize, byte[] pixels)
    {
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        try
        {
            var rowBytes = header.Width * 3;
            var frame = new ReadOnlySpan<byte>(start + view.PointerOffset + offset, (header.Stride * (header.Height - 1)) + rowBytes);
            if (resize is not null)
            {
                resize.Resize(frame, header.Stride, pixels);
                return;
            }

            for (var row = 0; row < header.Height; row++)
            {
                frame.Slice(row * header.Stride, rowBytes).CopyTo(pixels.AsSpan(row * rowBytes));
            }
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }
}
