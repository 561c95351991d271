using System.Globalization;
using System.Text;
using Lifestream.Pipeline.Model;

namespace Lifestream.Evaluation;

/// <summary>NIST RTTM "SPEAKER" lines: <c>SPEAKER file 1 start duration &lt;NA&gt; &lt;NA&gt; speaker &lt;NA&gt; &lt;NA&gt;</c>.</summary>
public static class Rttm
{
    public static IReadOnlyList<SpeakerTurn> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var turns = new List<SpeakerTurn>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0] != "SPEAKER")
            {
                continue;
            }

            if (fields.Length < 8
                || !double.TryParse(fields[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                || !double.TryParse(fields[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var duration)
                || duration < 0)
            {
                throw new FormatException($"RTTM line {lineNumber} is not a valid SPEAKER line: '{line.Trim()}'.");
            }

            turns.Add(new SpeakerTurn(fields[7], start, start + duration));
        }

        return turns;
    }

    public static async Task<IReadOnlyList<SpeakerTurn>> ReadAsync(string path, CancellationToken cancellationToken)
        => Parse(await File.ReadAllTextAsync(path, cancellationToken));

    public static string Format(string fileId, IEnumerable<SpeakerTurn> turns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileId);
        ArgumentNullException.ThrowIfNull(turns);
        var builder = new StringBuilder();
        foreach (var turn in turns.OrderBy(t => t.Start))
        {
            builder.Append(CultureInfo.InvariantCulture, $"SPEAKER {fileId} 1 {turn.Start:F3} {turn.End - turn.Start:F3} <NA> <NA> {turn.Speaker} <NA> <NA>\n");
        }

        return builder.ToString();
    }

    public static Task WriteAsync(string path, string fileId, IEnumerable<SpeakerTurn> turns, CancellationToken cancellationToken)
        => File.WriteAllTextAsync(path, Format(fileId, turns), cancellationToken);
}
