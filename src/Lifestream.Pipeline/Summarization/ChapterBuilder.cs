using Lifestream.Pipeline.Chunking;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Summarization;

/// <summary>
/// Chapters follow scene cuts (or fixed windows when there are none), merged until each is at least
/// <see cref="ExtractiveSummarizerOptions.MinChapterSeconds"/> long and there are at most
/// <see cref="ExtractiveSummarizerOptions.MaxChapters"/>. Title: the chapter's best-ranked sentence, shortened;
/// summary: its two best sentences in spoken order.
/// </summary>
public static class ChapterBuilder
{
    public static IReadOnlyList<Chapter> Build(IReadOnlyList<TranscriptSentence> sentences, IReadOnlyList<double> rank, IReadOnlyList<Scene> scenes, double duration, ExtractiveSummarizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        ArgumentNullException.ThrowIfNull(rank);
        ArgumentNullException.ThrowIfNull(scenes);
        ArgumentNullException.ThrowIfNull(options);
        var end = Math.Max(duration, sentences.Count > 0 ? sentences.Max(s => s.End) : 0);
        if (end <= 0)
        {
            return [];
        }

        var spans = scenes.Count >= 2
            ? scenes.Select(s => (Start: s.Start, End: s.End)).ToList()
            : Windows(end, options.ChapterSecondsWithoutScenes);
        spans[0] = (0, spans[0].End);
        spans[^1] = (spans[^1].Start, Math.Max(spans[^1].End, end));
        Merge(spans, options);

        var chapters = new List<Chapter>(spans.Count);
        foreach (var (start, stop) in spans)
        {
            var members = sentences.Where(s => Midpoint(s) >= start && Midpoint(s) < stop).ToList();
            var best = members.OrderByDescending(s => rank[s.Index]).ThenBy(s => s.Index).ToList();
            var title = best.Count == 0 ? $"No speech ({TimeFormat(start)}–{TimeFormat(stop)})" : Shorten(best[0].Text, options.TitleWords);
            var summary = string.Join(' ', best.Take(2).OrderBy(s => s.Index).Select(s => s.Text));
            chapters.Add(new Chapter(chapters.Count + 1, title, start, stop, summary));
        }

        return chapters;
    }

    private static List<(double Start, double End)> Windows(double end, double length)
    {
        var spans = new List<(double, double)>();
        for (var t = 0.0; t < end; t += length)
        {
            spans.Add((t, Math.Min(end, t + length)));
        }

        return spans;
    }

    private static void Merge(List<(double Start, double End)> spans, ExtractiveSummarizerOptions options)
    {
        while (spans.Count > 1)
        {
            var shortest = Enumerable.Range(0, spans.Count).MinBy(i => spans[i].End - spans[i].Start);
            var tooShort = spans[shortest].End - spans[shortest].Start < options.MinChapterSeconds;
            if (!tooShort && spans.Count <= options.MaxChapters)
            {
                break;
            }

            // Merge into the shorter neighbour, keeping chapters balanced.
            int left;
            if (shortest == 0)
            {
                left = 0;
            }
            else if (shortest == spans.Count - 1)
            {
                left = shortest - 1;
            }
            else
            {
                var before = spans[shortest - 1].End - spans[shortest - 1].Start;
                var after = spans[shortest + 1].End - spans[shortest + 1].Start;
                left = before <= after ? shortest - 1 : shortest;
            }

            spans[left] = (spans[left].Start, spans[left + 1].End);
            spans.RemoveAt(left + 1);
        }
    }

    private static string Shorten(string text, int words)
    {
        var parts = text.TrimEnd('.', '!', '?', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var title = string.Join(' ', parts.Take(words));
        if (title.Length > 0)
        {
            title = char.ToUpperInvariant(title[0]) + title[1..];
        }

        return parts.Length > words ? title + "…" : title;
    }

    private static double Midpoint(TranscriptSentence s) => (s.Start + s.End) / 2;

    private static string TimeFormat(double seconds) => TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", System.Globalization.CultureInfo.InvariantCulture);
}
