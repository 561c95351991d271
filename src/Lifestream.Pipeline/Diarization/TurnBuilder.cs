using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Diarization;

/// <summary>
/// Labelled windows → speaker turns. Inside a region each window owns the span between the midpoints to its
/// neighbours' centres; adjacent spans of one speaker merge, and so do consecutive turns of one speaker across a
/// pause shorter than <c>mergeGapSeconds</c>. Labels become "S1", "S2", … in order of first appearance.
/// </summary>
internal static class TurnBuilder
{
    public static List<SpeakerTurn> Build(IReadOnlyList<TimeRange> regions, IReadOnlyList<SpeechWindow> windows, IReadOnlyList<int> labels, double mergeGapSeconds)
    {
        var pieces = new List<(int Label, double Start, double End)>();
        var byRegion = windows.Select((w, i) => (Window: w, Label: labels[i])).GroupBy(x => x.Window.Region);
        foreach (var group in byRegion)
        {
            var region = regions[group.Key];
            var items = group.OrderBy(x => x.Window.Range.Start).ToList();
            for (var i = 0; i < items.Count; i++)
            {
                var center = (items[i].Window.Range.Start + items[i].Window.Range.End) / 2;
                var start = i == 0 ? region.Start : (center + Center(items[i - 1].Window)) / 2;
                var end = i == items.Count - 1 ? region.End : (center + Center(items[i + 1].Window)) / 2;
                pieces.Add((items[i].Label, start, end));
            }
        }

        pieces.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(int Label, double Start, double End)>();
        foreach (var piece in pieces)
        {
            if (merged.Count > 0 && merged[^1].Label == piece.Label && piece.Start - merged[^1].End <= mergeGapSeconds)
            {
                merged[^1] = (piece.Label, merged[^1].Start, Math.Max(merged[^1].End, piece.End));
            }
            else
            {
                merged.Add(piece);
            }
        }

        var names = new Dictionary<int, string>();
        var turns = new List<SpeakerTurn>(merged.Count);
        foreach (var (label, start, end) in merged)
        {
            if (!names.TryGetValue(label, out var name))
            {
                name = $"S{names.Count + 1}";
                names[label] = name;
            }

            turns.Add(new SpeakerTurn(name, Math.Round(start, 3), Math.Round(end, 3)));
        }

        return turns;
    }

    private static double Center(SpeechWindow window) => (window.Range.Start + window.Range.End) / 2;
}
