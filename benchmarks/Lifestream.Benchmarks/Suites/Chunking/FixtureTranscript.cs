using System.Globalization;
using Lifestream.Pipeline.Model;

namespace Lifestream.Benchmarks.Suites.Chunking;

/// <summary>
/// A transcript with its scenes, as the chunking and summary stages receive them: the meeting-60s fixture's
/// reference transcript (ref.tsv: speaker, start, end, text; no word timings) and its scene cuts (cuts.csv),
/// or that minute repeated back to back with shifted times to stand in for a long recording.
/// </summary>
public sealed record FixtureTranscript(string Name, double DurationSeconds, IReadOnlyList<TranscriptSegment> Segments, IReadOnlyList<Scene> Scenes)
{
    private const string Fixture = "meeting-60s";
    private const double FixtureSeconds = 60;
    private const double FrameRate = 25;

    public override string ToString() => Name;

    /// <summary>The fixture minute repeated <paramref name="minutes"/> times (1 = the fixture itself).</summary>
    public static FixtureTranscript Load(int minutes)
    {
        var folder = Path.Combine(Commands.EndToEnd.EndToEndBenchmark.FindRepositoryRoot(), "fixtures", Fixture);
        var turns = File.ReadAllLines(Path.Combine(folder, $"{Fixture}.ref.tsv"))
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(f => new TranscriptSegment(f[0], Seconds(f[1]), Seconds(f[2]), f[3], []))
            .ToList();
        var cuts = File.ReadAllLines(Path.Combine(folder, $"{Fixture}.cuts.csv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => Seconds(line.Split(',')[1]))
            .ToList();

        var segments = new List<TranscriptSegment>(turns.Count * minutes);
        var bounds = new List<double>();
        for (var minute = 0; minute < minutes; minute++)
        {
            var offset = minute * FixtureSeconds;
            segments.AddRange(turns.Select(t => t with { Start = t.Start + offset, End = t.End + offset }));

            // The minute boundary is a cut too, as the repeated video would show one.
            bounds.Add(offset);
            bounds.AddRange(cuts.Select(c => c + offset));
        }

        bounds.Add(minutes * FixtureSeconds);
        var scenes = bounds.Zip(bounds.Skip(1))
            .Select((b, i) => new Scene(i + 1, b.First, b.Second, (long)(b.First * FrameRate), (long)(b.Second * FrameRate) - 1))
            .ToList();
        var name = minutes == 1 ? $"{Fixture} (ref.tsv)" : minutes % 60 == 0 ? $"{minutes / 60} h (fixture ×{minutes})" : $"{minutes} min (fixture ×{minutes})";
        return new FixtureTranscript(name, minutes * FixtureSeconds, segments, scenes);
    }

    private static double Seconds(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
