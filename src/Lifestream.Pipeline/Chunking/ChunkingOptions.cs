using Lifestream.Core.Configuration;

namespace Lifestream.Pipeline.Chunking;

/// <summary>Token budget and overlap of transcript chunks.</summary>
public sealed record ChunkingOptions : IValidatedOptions
{
    /// <summary>Maximum tokens of a chunk's text. Only a single sentence longer than this forms a larger chunk (alone).</summary>
    public int MaxTokens { get; init; } = 768;

    /// <summary>At most this many tokens of whole sentences from the end of a chunk open the next one (context).</summary>
    public int OverlapTokens { get; init; } = 64;

    /// <summary>
    /// When a chunk is full, it ends at the strongest boundary (scene change, then speaker change) among the
    /// positions that keep it at least this fraction of the budget full; otherwise at the last sentence that fits.
    /// </summary>
    public double MinFillRatio { get; init; } = 0.5;

    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (MaxTokens < 16)
        {
            problems.Add($"ChunkingOptions.MaxTokens must be at least 16; got {MaxTokens}.");
        }

        if (OverlapTokens < 0 || OverlapTokens >= MaxTokens / 2)
        {
            problems.Add($"ChunkingOptions.OverlapTokens must be in [0, MaxTokens/2 = {MaxTokens / 2}); got {OverlapTokens}.");
        }

        if (!(MinFillRatio is >= 0 and <= 1))
        {
            problems.Add($"ChunkingOptions.MinFillRatio must be in [0, 1]; got {MinFillRatio}.");
        }

        return problems;
    }
}
