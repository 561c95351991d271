namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// One decoded, downscaled frame handed to a detector. <see cref="Rgb"/> is packed RGB24, row-major,
/// <c>Width * Height * 3</c> bytes. <see cref="Index"/> is the 0-based decode-order index and
/// <see cref="PtsSeconds"/> the presentation time from the stream (not index / fps, so VFR is safe).
/// </summary>
public sealed record AnalysisFrame(long Index, double PtsSeconds, int Width, int Height, byte[] Rgb)
{
    public static AnalysisFrame Create(long index, double ptsSeconds, int width, int height, byte[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException($"Frame size must be positive; got {width}x{height}.", nameof(width));
        }

        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"RGB24 buffer must hold {width * height * 3} bytes for {width}x{height}; got {rgb.Length}.", nameof(rgb));
        }

        return new AnalysisFrame(index, ptsSeconds, width, height, rgb);
    }
}
