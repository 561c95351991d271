using System.Globalization;
using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Model;

namespace Lifestream.Pipeline.Summarization;

/// <summary>
/// The offline default: TextRank over transcript sentences for the overview and highlights, chapters
/// from scenes, per-speaker statistics, and action items by phrase. No network; same input, same output.
/// </summary>
public sealed class ExtractiveSummarizer : ISummarizer
{
    public const string MethodName = "extractive-textrank";
    private readonly ExtractiveSummarizerOptions options;

    public ExtractiveSummarizer(ExtractiveSummarizerOptions? options = null)
    {
        this.options = options ?? new ExtractiveSummarizerOptions();
        this.options.ThrowIfInvalidArgument();
    }

    public Task<SummaryResult> SummarizeAsync(SummaryInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Summarize(input));
    }

    public SummaryResult Summarize(SummaryInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var sentences = input.Sentences;
        var rank = TextRank.Rank(sentences.Select(s => s.Text).ToList());
        var byRank = sentences.OrderByDescending(s => rank[s.Index]).ThenBy(s => s.Index).ToList();

        var overviewCount = Math.Clamp(
            (int)Math.Ceiling(Math.Max(input.DurationSeconds, 1) / 600.0) * this.options.OverviewSentencesPer10Minutes,
            this.options.MinOverviewSentences,
            this.options.MaxOverviewSentences);
        var highlights = byRank.Take(overviewCount).OrderBy(s => s.Index).Select(s => new Highlight(s.Speaker, s.Start, s.End, s.Text)).ToList();
        var overview = string.Join(' ', highlights.Select(h => h.Text));

        var speakers = input.Segments.GroupBy(s => s.Speaker, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new SpeakerSummary(
                g.Key,
                Math.Round(g.Sum(s => s.End - s.Start), 3),
                g.Sum(s => s.Words.Count > 0 ? s.Words.Count : s.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length),
                g.Count(),
                byRank.Where(s => s.Speaker == g.Key).Take(this.options.HighlightsPerSpeaker).OrderBy(s => s.Index)
                    .Select(s => new Highlight(s.Speaker, s.Start, s.End, s.Text)).ToList()))
            .ToList();

        var warnings = sentences.Count == 0 ? new List<string> { "No speech was transcribed: the summary has no text." } : [];
        return new SummaryResult
        {
            Method = MethodName,
            Overview = overview,
            Highlights = highlights,
            Chapters = ChapterBuilder.Build(sentences, rank, input.Scenes, input.DurationSeconds, this.options),
            Speakers = speakers,
            ActionItems = ActionItemExtractor.Extract(sentences),
            Engine = new EngineInfo("summary", MethodName, "1", new Dictionary<string, string>
            {
                ["damping"] = TextRank.Damping.ToString(CultureInfo.InvariantCulture),
                ["overviewSentences"] = overviewCount.ToString(CultureInfo.InvariantCulture),
                ["minChapterSeconds"] = this.options.MinChapterSeconds.ToString(CultureInfo.InvariantCulture),
                ["maxChapters"] = this.options.MaxChapters.ToString(CultureInfo.InvariantCulture),
            }),
            Warnings = warnings,
        };
    }
}
