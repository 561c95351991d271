namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// A frame source's frame times: the stream timestamp in seconds; a frame without one (NOPTS, or a lost log line)
/// continues the cadence of the two frames before it, so times stay increasing on variable-frame-rate input.
/// </summary>
internal sealed class FrameClock
{
    private double? previous;
    private double interval;

    public double Next(long? pts, long timeBaseNumerator, long timeBaseDenominator)
    {
        var time = pts is { } value && timeBaseDenominator != 0
            ? (double)value * timeBaseNumerator / timeBaseDenominator
            : (previous ?? 0) + interval;
        if (previous is { } last)
        {
            interval = time - last;
        }

        previous = time;
        return time;
    }
}
