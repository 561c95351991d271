using System.Globalization;

namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// Reads a reference cut list: CSV with a header <c>frame,seconds</c>, one row per cut, where
/// <c>frame</c> is the first frame after the cut (the fixtures' <c>*.cuts.csv</c> format).
/// </summary>
public static class CutListCsv
{
    public static IReadOnlyList<long> Parse(string csv, string sourceName = "cut list")
    {
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0 || !lines[0].StartsWith("frame", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"{sourceName}: expected a header line starting with 'frame'.");
        }

        var frames = new List<long>();
        for (var i = 1; i < lines.Count; i++)
        {
            var first = lines[i].Split(',')[0];
            if (!long.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var frame) || frame < 0)
            {
                throw new FormatException($"{sourceName}, line {i + 1}: '{first}' is not a frame number.");
            }

            frames.Add(frame);
        }

        return frames;
    }

    public static async Task<IReadOnlyList<long>> ReadAsync(string path, CancellationToken cancellationToken) =>
        Parse(await File.ReadAllTextAsync(path, cancellationToken), path);
}
