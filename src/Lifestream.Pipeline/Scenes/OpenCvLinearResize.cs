using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// <c>cv2.resize(frame, (w, h), interpolation=cv2.INTER_LINEAR)</c> on an 8-bit, 3-channel frame, as OpenCV 4.6
/// (imgproc/src/resize.cpp, CPU path; no IPP, OpenCL or custom HAL in the builds PySceneDetect runs on) computes
/// it: PySceneDetect's <c>_decode_thread</c> shrinks every frame this way when the downscale factor is above 1.
/// <list type="bullet">
/// <item><c>hal::resize</c>: <c>scale = 1 / (dst / (double)src)</c>; both scales integral (within DBL_EPSILON) and
/// equal to 2 turn INTER_LINEAR into <c>resizeAreaFast_</c>: each output is <c>(a + b + c + d + 2) &gt;&gt; 2</c> over its 2×2 block.</item>
/// <item>Otherwise <c>resizeGeneric_</c> with <c>INTER_RESIZE_COEF_BITS</c> = 11: per output column
/// <c>fx = (float)((dx + 0.5) * scale - 0.5)</c>, <c>sx = floor(fx)</c>, taps <c>sx, sx + 1</c>, clamped to the
/// edge with <c>fx = 0</c>; coefficients <c>saturate_cast&lt;short&gt;((1 - fx) * 2048)</c> and <c>(fx * 2048)</c>
/// (round to nearest even); the same for rows, whose taps are clamped but whose coefficients are not.</item>
/// <item>Horizontal pass (<c>HResizeLinear</c>): exact integers <c>S[sx] * a0 + S[sx + 3] * a1</c> (one tap,
/// <c>S[sx] * 2048</c>, past the last two-tap column).</item>
/// <item>Vertical pass (<c>VResizeLinear</c> with <c>VResizeLinearVec_32s8u</c>): the universal-intrinsic loops
/// (16 then 8 lanes at the SSE2 baseline) compute <c>sat_u8((mulhi16(sat16(S0 &gt;&gt; 4), b0) + mulhi16(sat16(S1 &gt;&gt; 4), b1) + 2) &gt;&gt; 2)</c>,
/// which is not the scalar tail's <c>sat_u8((S0 * b0 + S1 * b1 + 2^21) &gt;&gt; 22)</c>: both are reproduced, each
/// where OpenCV runs it.</item>
/// </list>
/// Instances hold two row buffers and the position in a frame fed by bands: one instance per frame size and thread.
/// </summary>
public sealed class OpenCvLinearResize
{
    private const int Channels = 3;
    private const int CoefficientBits = 11;
    private const int One = 1 << CoefficientBits;

    private readonly int sourceWidth;
    private readonly int sourceHeight;
    private readonly bool areaFast;
    private readonly int[] xOffsets = [];
    private readonly short[] alpha = [];
    private readonly int twoTapEnd;
    private readonly int[] yOffsets = [];
    private readonly short[] beta = [];
    private readonly int[] row0 = [];
    private readonly int[] row1 = [];
    private readonly int vectorEnd;
    private readonly bool useIntrinsics;
    private readonly int[] tapOffsets = [];
    private readonly int[] tapCoefficients = [];
    private readonly byte[] tapShuffles = [];
    private int row0Source = -1;
    private int row1Source = -1;
    private int nextOutputRow;
    private int nextSourceRow;

    public OpenCvLinearResize(int sourceWidth, int sourceHeight, int width, int height)
        : this(sourceWidth, sourceHeight, width, height, useIntrinsics: true)
    {
    }

    /// <param name="useIntrinsics">
    /// False runs the horizontal pass with the scalar reference loop only (the tests compare the two); the vertical
    /// pass keeps OpenCV's SSE2 loop either way, because its rounding is what OpenCV computes there.
    /// </param>
    internal OpenCvLinearResize(int sourceWidth, int sourceHeight, int width, int height, bool useIntrinsics)
    {
        if (sourceWidth < 1 || sourceHeight < 1 || width < 1 || height < 1)
        {
            throw new ArgumentException($"Frame sizes must be positive; got {sourceWidth}x{sourceHeight} to {width}x{height}.");
        }

        (this.sourceWidth, this.sourceHeight, Width, Height) = (sourceWidth, sourceHeight, width, height);
        var scaleX = 1.0 / (width / (double)sourceWidth);
        var scaleY = 1.0 / (height / (double)sourceHeight);
        var integralX = (int)Math.Round(scaleX, MidpointRounding.ToEven);
        var integralY = (int)Math.Round(scaleY, MidpointRounding.ToEven);
        areaFast = Math.Abs(scaleX - integralX) < DoubleEpsilon && Math.Abs(scaleY - integralY) < DoubleEpsilon
            && integralX == 2 && integralY == 2;
        if (areaFast)
        {
            return;
        }

        xOffsets = new int[width];
        alpha = new short[width * 2];
        twoTapEnd = width;
        for (var dx = 0; dx < width; dx++)
        {
            var fx = (float)(((dx + 0.5) * scaleX) - 0.5);
            var sx = (int)MathF.Floor(fx);
            fx -= sx;
            if (sx < 0)
            {
                fx = 0;
                sx = 0;
            }

            if (sx + 1 >= sourceWidth)
            {
                twoTapEnd = Math.Min(twoTapEnd, dx);
                if (sx >= sourceWidth - 1)
                {
                    fx = 0;
                    sx = sourceWidth - 1;
                }
            }

            xOffsets[dx] = sx * Channels;
            alpha[dx * 2] = Coefficient(1f - fx);
            alpha[(dx * 2) + 1] = Coefficient(fx);
        }

        yOffsets = new int[height];
        beta = new short[height * 2];
        for (var dy = 0; dy < height; dy++)
        {
            var fy = (float)(((dy + 0.5) * scaleY) - 0.5);
            var sy = (int)MathF.Floor(fy);
            fy -= sy;
            yOffsets[dy] = sy;
            beta[dy * 2] = Coefficient(1f - fy);
            beta[(dy * 2) + 1] = Coefficient(fy);
        }

        // The AVX2 horizontal pass brings each output value's two taps (the second is 3 bytes after the first) into
        // one 32-bit lane, by byte shuffles of 16-byte loads where the taps are close enough (BuildTapShuffles), else
        // by a gather at the first tap, and sums the pair with one multiply-add against (alpha0, alpha1) as 16-bit halves.
        this.useIntrinsics = useIntrinsics && Avx2.IsSupported;
        if (this.useIntrinsics)
        {
            tapOffsets = new int[twoTapEnd * Channels];
            tapCoefficients = new int[twoTapEnd * Channels];
            for (var i = 0; i < tapOffsets.Length; i++)
            {
                var dx = i / Channels;
                tapOffsets[i] = xOffsets[dx] + (i % Channels);
                tapCoefficients[i] = (ushort)alpha[dx * 2] | (alpha[(dx * 2) + 1] << 16);
            }

            tapShuffles = BuildTapShuffles(tapOffsets, sourceWidth * Channels);
        }

        this.row0 = new int[width * Channels];
        this.row1 = new int[width * Channels];

        // VResizeLinearVec_32s8u's loops: x <= n - 16 in steps of 16, then x < n - 8 in steps of 8.
        var n = width * Channels;
        var x = 0;
        while (x <= n - 16)
        {
            x += 16;
        }

        while (x < n - 8)
        {
            x += 8;
        }

        vectorEnd = x;
    }

    /// <summary>DBL_EPSILON.</summary>
    private const double DoubleEpsilon = 2.220446049250313e-16;

    public int Width { get; }

    public int Height { get; }

    /// <summary>Whether the horizontal pass picks taps with byte shuffles (else gathers or the scalar loop; for the tests).</summary>
    internal bool ShufflesTaps => tapShuffles.Length > 0;

    /// <summary>
    /// Which source rows a resize reads (true: read): the two taps of every output row, or every row for the 2×2 area
    /// average. The others never influence the result, so a frame source need not produce them.
    /// </summary>
    public bool[] SourceRowsRead()
    {
        var read = new bool[this.sourceHeight];
        if (areaFast)
        {
            Array.Fill(read, true);
            return read;
        }

        foreach (var offset in yOffsets)
        {
            read[Math.Clamp(offset, 0, this.sourceHeight - 1)] = true;
            read[Math.Clamp(offset + 1, 0, this.sourceHeight - 1)] = true;
        }

        return read;
    }

    /// <summary>Resizes one packed 3-channel frame of the source size into <paramref name="destination"/>.</summary>
    public void Resize(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var sourceBytes = this.sourceWidth * Channels * this.sourceHeight;
        if (source.Length < sourceBytes || destination.Length < Width * Channels * Height)
        {
            throw new ArgumentException($"Buffers must hold {this.sourceWidth}x{this.sourceHeight} and {Width}x{Height} 3-channel frames.");
        }

        ResizeRows(source[..sourceBytes], 0, destination);
    }

    /// <summary>
    /// <see cref="Resize"/> fed in bands: the frame's source rows in order, whole rows, starting at row
    /// <paramref name="firstRow"/> (0 starts a frame). Each output row is written as soon as its two source rows
    /// have arrived (a source row still needed by the next band's first output row is kept as its horizontal pass),
    /// so a band is resized while it is still in the cache it was read into. The result is <see cref="Resize"/>'s.
    /// For the 2×2 area case every band holds an even number of rows.
    /// </summary>
    public void ResizeRows(ReadOnlySpan<byte> rows, int firstRow, Span<byte> destination)
    {
        var sourceStride = this.sourceWidth * Channels;
        if (rows.Length % sourceStride != 0)
        {
            throw new ArgumentException(
                $"A band must be whole rows of a {this.sourceWidth}x{this.sourceHeight} frame ({rows.Length} bytes from row {firstRow}).", nameof(rows));
        }

        ResizeRows(rows, sourceStride, rows.Length / sourceStride, firstRow, destination);
    }

    /// <summary>
    /// <see cref="Resize(ReadOnlySpan{byte}, Span{byte})"/> of a frame whose rows start <paramref name="sourceStride"/>
    /// bytes apart (padded rows, as a decoder or converter aligns them); the padding is never read.
    /// </summary>
    public void Resize(ReadOnlySpan<byte> source, int sourceStride, Span<byte> destination)
    {
        var rowBytes = this.sourceWidth * Channels;
        if (sourceStride < rowBytes || source.Length < ((long)sourceStride * (this.sourceHeight - 1)) + rowBytes)
        {
            throw new ArgumentException($"A {this.sourceWidth}x{this.sourceHeight} frame with rows {sourceStride} bytes apart needs {((long)sourceStride * (this.sourceHeight - 1)) + rowBytes} bytes; got {source.Length}.", nameof(source));
        }

        ResizeRows(source, sourceStride, this.sourceHeight, 0, destination);
    }

    private void ResizeRows(ReadOnlySpan<byte> rows, int sourceStride, int count, int firstRow, Span<byte> destination)
    {
        var stride = Width * Channels;
        var end = firstRow + count;
        if (firstRow < 0 || end > this.sourceHeight || destination.Length < stride * Height)
        {
            throw new ArgumentException(
                $"A band must be whole rows of a {this.sourceWidth}x{this.sourceHeight} frame ({count} rows from row {firstRow}) and the destination must hold {Width}x{Height}.");
        }

        if (firstRow == 0)
        {
            nextOutputRow = 0;
            row0Source = row1Source = -1;
        }
        else if (firstRow != nextSourceRow)
        {
            throw new ArgumentException($"Source rows must arrive in order: expected row {nextSourceRow}, got row {firstRow}.", nameof(firstRow));
        }

        nextSourceRow = end;
        if (areaFast)
        {
            if (count % 2 != 0)
            {
                throw new ArgumentException($"The 2x2 area resize takes bands of whole row pairs; got {count} rows from row {firstRow}.", nameof(rows));
            }

            ResizeAreaFast(rows, destination.Slice(firstRow / 2 * stride, count / 2 * stride), sourceStride, stride, count / 2);
            return;
        }

        for (; nextOutputRow < Height; nextOutputRow++)
        {
            var sy0 = Math.Clamp(yOffsets[nextOutputRow], 0, this.sourceHeight - 1);
            var sy1 = Math.Clamp(yOffsets[nextOutputRow] + 1, 0, this.sourceHeight - 1);
            if (sy1 >= end)
            {
                // Rows only move down: the next output's first row, when it is in this band, is the one to keep.
                if (sy0 >= firstRow && sy0 < end)
                {
                    Row(rows, sourceStride, firstRow, sy0);
                }

                break;
            }

            var row0 = Row(rows, sourceStride, firstRow, sy0);
            var row1 = sy1 == sy0 ? row0 : Row(rows, sourceStride, firstRow, sy1);
            VerticalPass(row0, row1, beta[nextOutputRow * 2], beta[(nextOutputRow * 2) + 1], destination.Slice(nextOutputRow * stride, stride));
        }
    }

    private static short Coefficient(float weight) => (short)MathF.Round(weight * One, MidpointRounding.ToEven);

    /// <summary>The horizontal pass of source row <paramref name="sourceRow"/>, computed once while consecutive output rows share it.</summary>
    private int[] Row(ReadOnlySpan<byte> band, int sourceStride, int bandFirstRow, int sourceRow)
    {
        if (row0Source == sourceRow)
        {
            return this.row0;
        }

        if (row1Source == sourceRow)
        {
            return this.row1;
        }

        // Output rows move down the source: the older cached row is the one to overwrite.
        int[] target;
        if (row0Source < row1Source)
        {
            target = this.row0;
            row0Source = sourceRow;
        }
        else
        {
            target = this.row1;
            row1Source = sourceRow;
        }

        HorizontalPass(band.Slice((sourceRow - bandFirstRow) * sourceStride, this.sourceWidth * Channels), target);
        return target;
    }

    private void HorizontalPass(ReadOnlySpan<byte> s, Span<int> d)
    {
        // HResizeLinear's scalar code, value by value (a pixel's three channels share taps and coefficients).
        var o = useIntrinsics ? HorizontalPassAvx2(s, d) : 0;
        for (; o < twoTapEnd * Channels; o++)
        {
            var dx = o / Channels;
            var first = xOffsets[dx] + (o - (dx * Channels));
            d[o] = (s[first] * alpha[dx * 2]) + (s[first + Channels] * alpha[(dx * 2) + 1]);
        }

        for (var dx = twoTapEnd; dx < Width; dx++)
        {
            var sx = xOffsets[dx];
            o = dx * Channels;
            d[o] = s[sx] * One;
            d[o + 1] = s[sx + 1] * One;
            d[o + 2] = s[sx + 2] * One;
        }
    }

    /// <summary>
    /// Byte-shuffle masks that pick each value's two taps out of one 16-byte load at the first value's tap, four values
    /// to a mask, for the blocks of eight values from the row's start up to the first block where that is impossible:
    /// four consecutive values' taps must span at most 16 bytes (shrinking by up to about 4, not enlarging) and each load
    /// must stay inside the row. The values after those blocks are gathered.
    /// </summary>
    private static byte[] BuildTapShuffles(int[] offsets, int rowBytes)
    {
        var masks = new List<byte>();
        for (var block = 0; (block + 1) * 8 <= offsets.Length; block++)
        {
            var blockMasks = new byte[32];
            for (var half = 0; half < 2; half++)
            {
                var start = offsets[(block * 8) + (half * 4)];
                if (start + 16 > rowBytes)
                {
                    return [.. masks];
                }

                for (var i = 0; i < 4; i++)
                {
                    var first = offsets[(block * 8) + (half * 4) + i] - start;
                    if (first < 0 || first + Channels > 15)
                    {
                        return [.. masks];
                    }

                    var at = (half * 16) + (i * 4);
                    (blockMasks[at], blockMasks[at + 1], blockMasks[at + 2], blockMasks[at + 3]) = ((byte)first, 0x80, (byte)(first + Channels), 0x80);
                }
            }

            masks.AddRange(blockMasks);
        }

        return [.. masks];
    }

    /// <summary>The two-tap values eight at a time; returns how many values it wrote (a prefix of the row).</summary>
    private unsafe int HorizontalPassAvx2(ReadOnlySpan<byte> s, Span<int> d)
    {
        var i = tapShuffles.Length > 0 ? HorizontalPassShuffled(s, d) : 0;
        var low = Vector256.Create(0xFF);
        var fourth = Vector256.Create(0xFF0000);
        fixed (byte* source = s)
        fixed (int* destination = d, offsets = tapOffsets, coefficients = tapCoefficients)
        {
            for (; i + 8 <= tapOffsets.Length; i += 8)
            {
                var words = Avx2.GatherVector256((int*)source, Avx.LoadVector256(offsets + i), 1);
                var pairs = Avx2.Or(Avx2.And(words, low), Avx2.And(Avx2.ShiftRightLogical(words, 8), fourth));
                Avx.Store(destination + i, Avx2.MultiplyAddAdjacent(pairs.AsInt16(), Avx.LoadVector256(coefficients + i).AsInt16()));
            }
        }

        return i;
    }

    /// <summary>The values <see cref="tapShuffles"/> covers, their taps picked from two 16-byte loads per eight values.</summary>
    private unsafe int HorizontalPassShuffled(ReadOnlySpan<byte> s, Span<int> d)
    {
        var i = 0;
        fixed (byte* source = s, masks = tapShuffles)
        fixed (int* destination = d, offsets = tapOffsets, coefficients = tapCoefficients)
        {
            for (; i < tapShuffles.Length / 4; i += 8)
            {
                var bytes = Vector256.Create(Vector128.Load(source + offsets[i]), Vector128.Load(source + offsets[i + 4]));
                var pairs = Avx2.Shuffle(bytes, Avx.LoadVector256(masks + (i * 4)));
                Avx.Store(destination + i, Avx2.MultiplyAddAdjacent(pairs.AsInt16(), Avx.LoadVector256(coefficients + i).AsInt16()));
            }
        }

        return i;
    }

    private void VerticalPass(int[] s0, int[] s1, short b0, short b1, Span<byte> d)
    {
        var x = 0;
        if (Sse2.IsSupported)
        {
            // The same instructions OpenCV's SSE2 baseline emits for v_shr<4>, v_pack, v_mul_hi and v_rshr_pack_u<2>.
            var vb0 = Vector128.Create(b0);
            var vb1 = Vector128.Create(b1);
            var two = Vector128.Create((short)2);
            ref var r0 = ref MemoryMarshal.GetArrayDataReference(s0);
            ref var r1 = ref MemoryMarshal.GetArrayDataReference(s1);
            for (; x + 8 <= vectorEnd; x += 8)
            {
                var p0 = Sse2.PackSignedSaturate(
                    Sse2.ShiftRightArithmetic(Vector128.LoadUnsafe(ref r0, (nuint)x), 4),
                    Sse2.ShiftRightArithmetic(Vector128.LoadUnsafe(ref r0, (nuint)(x + 4)), 4));
                var p1 = Sse2.PackSignedSaturate(
                    Sse2.ShiftRightArithmetic(Vector128.LoadUnsafe(ref r1, (nuint)x), 4),
                    Sse2.ShiftRightArithmetic(Vector128.LoadUnsafe(ref r1, (nuint)(x + 4)), 4));
                var sum = Sse2.Add(Sse2.MultiplyHigh(p0, vb0), Sse2.MultiplyHigh(p1, vb1));
                var packed = Sse2.PackUnsignedSaturate(Sse2.ShiftRightArithmetic(Sse2.Add(sum, two), 2), Vector128<short>.Zero);
                packed.GetLower().AsByte().CopyTo(d.Slice(x, 8));
            }
        }
        else
        {
            for (; x < vectorEnd; x++)
            {
                var sum = (short)(MulHi(Saturate16(s0[x] >> 4), b0) + MulHi(Saturate16(s1[x] >> 4), b1));
                d[x] = SaturateByte((short)(sum + 2) >> 2);
            }
        }

        for (; x < d.Length; x++)
        {
            d[x] = SaturateByte(((s0[x] * b0) + (s1[x] * b1) + (1 << ((2 * CoefficientBits) - 1))) >> (2 * CoefficientBits));
        }
    }

    private void ResizeAreaFast(ReadOnlySpan<byte> source, Span<byte> destination, int sourceStride, int stride, int rows)
    {
        for (var dy = 0; dy < rows; dy++)
        {
            var top = source.Slice(2 * dy * sourceStride, this.sourceWidth * Channels);
            var bottom = source.Slice(((2 * dy) + 1) * sourceStride, this.sourceWidth * Channels);
            var d = destination.Slice(dy * stride, stride);
            for (var dx = 0; dx < Width; dx++)
            {
                for (var c = 0; c < Channels; c++)
                {
                    var s = (2 * dx * Channels) + c;
                    d[(dx * Channels) + c] = (byte)((top[s] + top[s + Channels] + bottom[s] + bottom[s + Channels] + 2) >> 2);
                }
            }
        }
    }

    private static short Saturate16(int value) => (short)Math.Clamp(value, short.MinValue, short.MaxValue);

    private static short MulHi(short a, short b) => (short)((a * b) >> 16);

    private static byte SaturateByte(int value) => (byte)Math.Clamp(value, 0, 255);
}
