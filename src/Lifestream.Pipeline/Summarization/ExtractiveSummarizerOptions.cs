using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Summarization;

/// <summary>Settings of the offline summarizer.</summary>
public sealed record ExtractiveSummarizerOptions : IValidatedOptions
{
    /// <summary>Overview length: this many top-ranked sentences per started 10 minutes, within [Min, Max].</summary>
    public int OverviewSentencesPer10Minutes { get; init; } = 4;

    public int MinOverviewSentences { get; init; } = 2;

    public int MaxOverviewSentences { get; init; } = 10;

    /// <summary>Chapters shorter than this (seconds) are merged into a neighbour.</summary>
    public double MinChapterSeconds { get; init; } = 8;

    public int MaxChapters { get; init; } = 12;

    /// <summary>Chapter length when there are no scene cuts to follow (seconds).</summary>
    public double ChapterSecondsWithoutScenes { get; init; } = 120;

    /// <summary>Highlights listed per speaker.</summary>
    public int HighlightsPerSpeaker { get; init; } = 2;

    /// <summary>Words kept in a chapter title taken from its best sentence.</summary>
    public int TitleWords { get; init; } = 8;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (MinOverviewSentences < 1 || MaxOverviewSentences < MinOverviewSentences || OverviewSentencesPer10Minutes < 1)
        {
            problems.Add("ExtractiveSummarizerOptions: need 1 <= MinOverviewSentences <= MaxOverviewSentences and OverviewSentencesPer10Minutes >= 1.");
        }

        if (!(MinChapterSeconds >= 0) || MaxChapters < 1 || !(ChapterSecondsWithoutScenes > 0))
        {
            problems.Add("ExtractiveSummarizerOptions: MinChapterSeconds must be >= 0, MaxChapters >= 1, ChapterSecondsWithoutScenes > 0.");
        }

        if (HighlightsPerSpeaker < 0 || TitleWords < 1)
        {
            problems.Add("ExtractiveSummarizerOptions: HighlightsPerSpeaker must be >= 0 and TitleWords >= 1.");
        }

        return problems;
    }
}
