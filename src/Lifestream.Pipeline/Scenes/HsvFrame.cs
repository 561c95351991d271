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

    public static HsvFrame FromRgb(AnalysisFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var pixels = frame.Width * frame.Height;
        var hue = new byte[pixels];
        var sat = new byte[pixels];
        var val = new byte[pixels];
        Convert(frame.Rgb, hue, sat, val, 0, pixels);
        return new HsvFrame(frame.Width, frame.Height, hue, sat, val);
    }

    /// <summary>One pixel, as OpenCV converts it (exposed for the equivalence tests).</summary>
    public static (byte Hue, byte Saturation, byte Value) ToHsv(byte r, byte g, byte b)
    {
        byte[] rgb = [r, g, b];
        byte[] h = new byte[1], s = new byte[1], v = new byte[1];
        Convert(rgb, h, s, v, 0, 1);
        return (h[0], s[0], v[0]);
    }

    /// <summary>Converts pixels [from, to). (An AVX2 version measured no faster: the RGB24 de-interleave dominates.)</summary>
    private static void Convert(byte[] rgbBuffer, byte[] hue, byte[] sat, byte[] val, int from, int to)
    {
        ReadOnlySpan<byte> rgb = rgbBuffer;
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
