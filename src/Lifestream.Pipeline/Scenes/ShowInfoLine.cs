using System.Globalization;
using System.Text.RegularExpressions;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Parses ffmpeg's <c>showinfo</c> filter log: the input time base (<c>config in time_base: 1/15360</c>)
/// and one line per frame (<c>n: 12 pts: 6144 pts_time:0.4 … s:160x90</c>). Times are computed from the
/// integer pts and the time base, not from the rounded <c>pts_time</c> text.
/// </summary>
public static partial class ShowInfoLine
{
    public static bool TryParseTimeBase(string line, out long numerator, out long denominator)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = TimeBasePattern().Match(line);
        numerator = denominator = 0;
        if (!match.Success)
        {
            return false;
        }

        numerator = long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
        denominator = long.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        return denominator != 0;
    }

    public static bool TryParseFrame(string line, out ShowInfoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = FramePattern().Match(line);
        frame = default;
        if (!match.Success)
        {
            return false;
        }

        var pts = match.Groups["pts"].Value == "NOPTS" ? (long?)null : long.Parse(match.Groups["pts"].ValueSpan, CultureInfo.InvariantCulture);
        frame = new ShowInfoFrame(
            long.Parse(match.Groups["n"].ValueSpan, CultureInfo.InvariantCulture),
            pts,
            int.Parse(match.Groups["w"].ValueSpan, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["h"].ValueSpan, CultureInfo.InvariantCulture));
        return true;
    }

    [GeneratedRegex(@"Parsed_showinfo_\d+ @ [^\]]*\] config in time_base: (\d+)/(\d+)")]
    private static partial Regex TimeBasePattern();

    [GeneratedRegex(@"Parsed_showinfo_\d+ @ [^\]]*\] n:\s*(?<n>\d+)\s+pts:\s*(?<pts>-?\d+|NOPTS)\s.*?\ss:(?<w>\d+)x(?<h>\d+)")]
    private static partial Regex FramePattern();
}

/// <summary>One frame line of the showinfo log; <see cref="Pts"/> is in the filter's input time base.</summary>
public readonly record struct ShowInfoFrame(long Number, long? Pts, int Width, int Height);
