using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Chunking;

/// <summary>How transcript segments are cut into sentences.</summary>
public sealed record SentenceSplitterOptions : IValidatedOptions
{
    /// <summary>
    /// Unpunctuated ASR output (e.g. pocketsphinx) has no sentence marks: a silence between two words at
    /// least this long (seconds) also ends a sentence.
    /// </summary>
    public double PauseSeconds { get; init; } = 0.6;

    /// <summary>
    /// A run of words with neither punctuation nor pauses is cut after this many words (at a word
    /// boundary), so one "sentence" cannot outgrow a chunk budget.
    /// </summary>
    public int MaxSentenceWords { get; init; } = 60;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (!(PauseSeconds > 0))
        {
            problems.Add($"SentenceSplitterOptions.PauseSeconds must be positive; got {PauseSeconds}.");
        }

        if (MaxSentenceWords < 1)
        {
            problems.Add($"SentenceSplitterOptions.MaxSentenceWords must be at least 1; got {MaxSentenceWords}.");
        }

        return problems;
    }
}
