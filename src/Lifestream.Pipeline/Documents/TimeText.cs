using System.Globalization;

namespace Lifestream.Pipeline.Documents;

/// <summary>Timestamp formats used by the documents.</summary>
public static class TimeText
{
    /// <summary>"m:ss" below an hour, "h:mm:ss" above (report text).</summary>
    public static string Clock(double seconds)
    {
        var t = TimeSpan.FromSeconds(Math.Max(0, Math.Floor(seconds)));
        return t.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}")
            : string.Create(CultureInfo.InvariantCulture, $"{t.Minutes}:{t.Seconds:00}");
    }

    /// <summary>"hh:mm:ss.fff" (WebVTT) or "hh:mm:ss,fff" (SRT).</summary>
    public static string Subtitle(double seconds, char decimalSeparator)
    {
        var ms = (long)Math.Round(Math.Max(0, seconds) * 1000, MidpointRounding.AwayFromZero);
        var h = ms / 3_600_000;
        var m = ms / 60_000 % 60;
        var s = ms / 1000 % 60;
        return string.Create(CultureInfo.InvariantCulture, $"{h:00}:{m:00}:{s:00}{decimalSeparator}{ms % 1000:000}");
    }

    public static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
