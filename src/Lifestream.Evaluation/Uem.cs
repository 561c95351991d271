using System.Globalization;
using Lifestream.Pipeline.Model;

namespace Lifestream.Evaluation;

/// <summary>NIST UEM (un-partitioned evaluation map) lines: <c>file channel start end</c>, the scored regions of each file.</summary>
public static class Uem
{
    public static IReadOnlyDictionary<string, IReadOnlyList<TimeRange>> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var files = new Dictionary<string, List<TimeRange>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith(';'))
            {
                continue;
            }

            if (fields.Length < 4
                || !double.TryParse(fields[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
                || start < 0 || end < start)
            {
                throw new FormatException($"UEM line {lineNumber} is not 'file channel start end' with 0 <= start <= end: '{line.Trim()}'.");
            }

            if (!files.TryGetValue(fields[0], out var regions))
            {
                regions = [];
                files[fields[0]] = regions;
            }

            regions.Add(new TimeRange(start, end));
        }

        return files.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<TimeRange>)kv.Value, StringComparer.Ordinal);
    }

    public static string Format(IEnumerable<KeyValuePair<string, IReadOnlyList<TimeRange>>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        return string.Concat(files.SelectMany(f => f.Value.Select(r => string.Create(CultureInfo.InvariantCulture, $"{f.Key} 1 {r.Start:F3} {r.End:F3}\n"))));
    }
}
