using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// A frame in HSV with OpenCV's 8-bit conventions (the scale PySceneDetect's thresholds are defined on):
/// hue 0–179 (degrees / 2), saturation and value 0–255. Planes are separate so channel deltas stay cheap.
/// </summary>
public sealed class HsvFrame
{
    private HsvFrame(int width, int height, byte[] hue, byte[] saturation, byte[] value)
    {
        Width = width;
        Height = height;
        Hue = hue;
        Saturation = saturation;
        Value = value;
    }

    public int Width { get; }

    public int Height { get; }

    public byte[] Hue { get; }

    public byte[] Saturation { get; }

    public byte[] Value { get; }

    public int PixelCount => Width * Height;

    // OpenCV's RGB2HSV_b (imgproc/src/color_hsv.simd.hpp), which PySceneDetect's cv2.cvtColor(frame, COLOR_BGR2HSV)
    // runs: 12-bit fixed point, sdiv[v] = round((255 << 12) / v), hdiv[d] = round((180 << 12) / (6 d)), with
    // entry 0 = 0; rounding is cvRound's (to nearest, ties to even). The hue is rounded once, over the whole
    // sector expression (g - b, b - r + 2d or r - g + 4d), not as sector offset plus a rounded fraction.
    private const int HsvShift = 12;
    private static readonly int[] SaturationDivisors = BuildTable(255 << HsvShift, 1.0);
    private static readonly int[] HueDivisors = BuildTable(180 << HsvShift, 6.0);

    public static HsvFrame FromRgb(AnalysisFrame frame) => FromRgb(frame, null);

    /// <summary>
    /// Converts <paramref name="frame"/> into <paramref name="recycled"/>'s planes when it has the frame's size
    /// (a detector hands back a frame it no longer needs), else into new planes.
    /// </summary>
    public static HsvFrame FromRgb(AnalysisFrame frame, HsvFrame? recycled)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var pixels = frame.Width * frame.Height;
        if (frame.Rgb.Length < pixels * 3)
        {
            throw new ArgumentException($"The frame's RGB24 buffer holds {frame.Rgb.Length} bytes, fewer than {frame.Width}x{frame.Height} pixels need.", nameof(frame));
        }

        var target = recycled is not null && recycled.Width == frame.Width && recycled.Height == frame.Height
            ? recycled
            : new HsvFrame(frame.Width, frame.Height, new byte[pixels], new byte[pixels], new byte[pixels]);
        Convert(frame.Rgb, target.Hue, target.Saturation, target.Value, pixels);
        return target;
    }

    /// <summary>One pixel, as OpenCV converts it (exposed for the equivalence tests).</summary>
    public static (byte Hue, byte Saturation, byte Value) ToHsv(byte r, byte g, byte b)
    {
        byte[] rgb = [r, g, b];
        byte[] h = new byte[1], s = new byte[1], v = new byte[1];
        ConvertScalar(rgb, h, s, v, 0, 1);
        return (h[0], s[0], v[0]);
    }

    /// <summary>
    /// Converts the first <paramref name="pixels"/> pixels: eight at a time with AVX2 where the CPU has it (the same
    /// integer steps on the same tables, so the same bytes: the unit tests compare it with <see cref="ConvertScalar"/>
    /// on all 2^24 colours), the rest with the scalar reference.
    /// </summary>
    internal static void Convert(ReadOnlySpan<byte> rgb, Span<byte> hue, Span<byte> sat, Span<byte> val, int pixels)
    {
        var done = Avx2.IsSupported ? ConvertAvx2(rgb, hue, sat, val, pixels) : 0;
        ConvertScalar(rgb, hue, sat, val, done, pixels);
    }

    /// <summary>The reference conversion of pixels [from, to), OpenCV's scalar <c>RGB2HSV_b</c> loop.</summary>
    internal static void ConvertScalar(ReadOnlySpan<byte> rgb, Span<byte> hue, Span<byte> sat, Span<byte> val, int from, int to)
    {
        ReadOnlySpan<int> saturationDivisors = SaturationDivisors;
        ReadOnlySpan<int> hueDivisors = HueDivisors;
        const int half = 1 << (HsvShift - 1);
        for (var p = from; p < to; p++)
        {
            var pixel = rgb.Slice(p * 3, 3);
            int r = pixel[0], g = pixel[1], b = pixel[2];
            var v = Math.Max(r, Math.Max(g, b));
            var diff = v - Math.Min(r, Math.Min(g, b));
            val[p] = (byte)v;
            sat[p] = (byte)(((diff * saturationDivisors[v]) + half) >> HsvShift);

            // OpenCV tests v == r first, then v == g (so r == g == max takes the red sector).
            var h = v == r ? g - b : v == g ? b - r + (2 * diff) : r - g + (4 * diff);
            h = ((h * hueDivisors[diff]) + half) >> HsvShift;
            hue[p] = (byte)(h < 0 ? h + 180 : h);
        }
    }

    /// <summary>
    /// <see cref="ConvertScalar"/> on eight 32-bit lanes: two 16-byte loads de-interleaved by byte shuffles, the divisor
    /// tables read by gathers, the sector chosen by masks in OpenCV's order. Returns the pixels converted; the last
    /// few (whose 16-byte load would pass the end) are left to the scalar loop.
    /// </summary>
    private static unsafe int ConvertAvx2(ReadOnlySpan<byte> rgb, Span<byte> hue, Span<byte> sat, Span<byte> val, int pixels)
    {
        var red = Vector256.Create((byte)0, 0x80, 0x80, 0x80, 3, 0x80, 0x80, 0x80, 6, 0x80, 0x80, 0x80, 9, 0x80, 0x80, 0x80, 0, 0x80, 0x80, 0x80, 3, 0x80, 0x80, 0x80, 6, 0x80, 0x80, 0x80, 9, 0x80, 0x80, 0x80);
        var green = Avx2.Add(red, Vector256.Create((byte)1)) | Avx2.CompareEqual(red, Vector256.Create((byte)0x80));
        var blue = Avx2.Add(red, Vector256.Create((byte)2)) | Avx2.CompareEqual(red, Vector256.Create((byte)0x80));
        var half = Vector256.Create(1 << (HsvShift - 1));
        var hueRange = Vector256.Create(180);
        var p = 0;
        fixed (byte* source = rgb)
        fixed (byte* h = hue, s = sat, v = val)
        fixed (int* saturationDivisors = SaturationDivisors, hueDivisors = HueDivisors)
        {
            for (; p + 8 <= pixels && (p * 3) + 28 <= rgb.Length; p += 8)
            {
                var bytes = Vector256.Create(Vector128.Load(source + (p * 3)), Vector128.Load(source + (p * 3) + 12));
                var r = Avx2.Shuffle(bytes, red).AsInt32();
                var g = Avx2.Shuffle(bytes, green).AsInt32();
                var b = Avx2.Shuffle(bytes, blue).AsInt32();
                var max = Avx2.Max(r, Avx2.Max(g, b));
                var diff = Avx2.Subtract(max, Avx2.Min(r, Avx2.Min(g, b)));
                var saturation = Avx2.ShiftRightArithmetic(Avx2.Add(Avx2.MultiplyLow(diff, Avx2.GatherVector256(saturationDivisors, max, 4)), half), HsvShift);
                var redSector = Avx2.Subtract(g, b);
                var greenSector = Avx2.Add(Avx2.Subtract(b, r), Avx2.ShiftLeftLogical(diff, 1));
                var blueSector = Avx2.Add(Avx2.Subtract(r, g), Avx2.ShiftLeftLogical(diff, 2));
                var sector = Avx2.BlendVariable(Avx2.BlendVariable(blueSector, greenSector, Avx2.CompareEqual(max, g)), redSector, Avx2.CompareEqual(max, r));
                var hueValue = Avx2.ShiftRightArithmetic(Avx2.Add(Avx2.MultiplyLow(sector, Avx2.GatherVector256(hueDivisors, diff, 4)), half), HsvShift);
                hueValue = Avx2.Add(hueValue, Avx2.And(Avx2.CompareGreaterThan(Vector256<int>.Zero, hueValue), hueRange));
                StoreLowBytes(hueValue, h + p);
                StoreLowBytes(saturation, s + p);
                StoreLowBytes(max, v + p);
            }
        }

        return p;
    }

    /// <summary>Writes the eight lanes (each 0–255) as eight bytes.</summary>
    private static unsafe void StoreLowBytes(Vector256<int> lanes, byte* destination)
    {
        var words = Avx2.PackSignedSaturate(lanes, lanes);
        var packed = Avx2.PackUnsignedSaturate(words, words).AsUInt32();
        *(uint*)destination = packed.GetElement(0);
        *(uint*)(destination + 4) = packed.GetElement(4);
    }

    private static int[] BuildTable(int numerator, double denominatorScale)
    {
        var table = new int[256];
        for (var i = 1; i < table.Length; i++)
        {
            table[i] = (int)Math.Round(numerator / (denominatorScale * i), MidpointRounding.ToEven);
        }

        return table;
    }
}
