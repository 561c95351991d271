using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Diarization;

/// <summary>An embedding window and the index of the speech region it lies in.</summary>
public readonly record struct SpeechWindow(int Region, TimeRange Range);

/// <summary>Cuts speech regions into overlapping embedding windows; a region shorter than a window is one window.</summary>
public static class SpeechWindows
{
    public static List<SpeechWindow> Plan(IReadOnlyList<TimeRange> regions, double window, double hop, int maxWindows)
    {
        // Long inputs: widen the hop so the clustering stays bounded (its cost is quadratic in windows).
        var speech = regions.Sum(r => r.Duration);
        var effectiveHop = Math.Max(hop, speech / maxWindows);
        var windows = new List<SpeechWindow>();
        for (var r = 0; r < regions.Count; r++)
        {
            var region = regions[r];
            if (region.Duration <= window)
            {
                windows.Add(new SpeechWindow(r, region));
                continue;
            }

            var count = (int)Math.Ceiling((region.Duration - window) / effectiveHop) + 1;
            var step = (region.Duration - window) / (count - 1);
            for (var i = 0; i < count; i++)
            {
                var start = region.Start + (i * step);
                windows.Add(new SpeechWindow(r, new TimeRange(start, start + window)));
            }
        }

        return windows;
    }
}
