namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// PySceneDetect's automatic working size (scenedetect/scene_manager.py, 0.6.4+): <c>detect_scenes</c> calls
/// <c>compute_downscale_factor(max(frame_size))</c>, which is 1 when the long edge is below
/// <c>DEFAULT_MIN_WIDTH</c> = 256 and <c>long_edge / 256.0</c> otherwise; <c>_decode_thread</c> then resizes every
/// frame with <c>cv2.resize</c> to <c>(max(1, round(w / f)), max(1, round(h / f)))</c> when <c>f &gt; 1.0</c>, with
/// Python's <c>round</c> (ties to even). A 640×360 video is therefore scored at 256×144.
/// </summary>
public static class PySceneDetectDownscale
{
    /// <summary>PySceneDetect's <c>DEFAULT_MIN_WIDTH</c>.</summary>
    public const int DefaultEffectiveWidth = 256;

    public static double Factor(int frameWidth, int frameHeight, int effectiveWidth = DefaultEffectiveWidth)
    {
        var longEdge = Math.Max(frameWidth, frameHeight);
        if (longEdge < 1 || effectiveWidth < 1)
        {
            throw new ArgumentException($"Frame size and effective width must be positive; got {frameWidth}x{frameHeight}, {effectiveWidth}.");
        }

        return longEdge < effectiveWidth ? 1 : longEdge / (double)effectiveWidth;
    }

    public static (int Width, int Height) WorkingSize(int frameWidth, int frameHeight, int effectiveWidth = DefaultEffectiveWidth)
    {
        var factor = Factor(frameWidth, frameHeight, effectiveWidth);
        if (!(factor > 1.0))
        {
            return (frameWidth, frameHeight);
        }

        static int Round(double x) => Math.Max(1, (int)Math.Round(x, MidpointRounding.ToEven));
        return (Round(frameWidth / factor), Round(frameHeight / factor));
    }
}
