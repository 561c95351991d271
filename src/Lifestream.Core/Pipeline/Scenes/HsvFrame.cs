namespace Lifestream.Core.Pipeline.Scenes;

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

    public static HsvFrame FromRgb(AnalysisFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var pixels = frame.Width * frame.Height;
        var hue = new byte[pixels];
        var sat = new byte[pixels];
        var val = new byte[pixels];
        var rgb = frame.Rgb;
        for (int p = 0, o = 0; p < pixels; p++, o += 3)
        {
            int r = rgb[o], g = rgb[o + 1], b = rgb[o + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            var delta = max - min;
            val[p] = (byte)max;
            sat[p] = max == 0 ? (byte)0 : (byte)(((255 * delta) + (max / 2)) / max);
            if (delta == 0)
            {
                hue[p] = 0;
                continue;
            }

            // Degrees in [0, 360), then halved to OpenCV's 0–179 byte range.
            double h;
            if (max == r)
            {
                h = 60.0 * (g - b) / delta;
            }
            else if (max == g)
            {
                h = 120.0 + (60.0 * (b - r) / delta);
            }
            else
            {
                h = 240.0 + (60.0 * (r - g) / delta);
            }

            if (h < 0)
            {
                h += 360.0;
            }

            var half = (int)Math.Round(h / 2.0, MidpointRounding.AwayFromZero);
            hue[p] = (byte)(half >= 180 ? 0 : half);
        }

        return new HsvFrame(frame.Width, frame.Height, hue, sat, val);
    }
}
