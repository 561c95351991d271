using System.Text.RegularExpressions;

namespace Lifestream.Pipeline.Summarization;

/// <summary>
/// TextRank (Mihalcea &amp; Tarau 2004) over sentences: similarity = shared content words /
/// (log|a| + log|b|), then weighted PageRank (damping 0.85) until it converges. Deterministic.
/// </summary>
public static partial class TextRank
{
    public const double Damping = 0.85;
    private const int MaxIterations = 100;
    private const double Tolerance = 1e-6;

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "as", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that", "these", "those", "i",
        "you", "he", "she", "we", "they", "me", "him", "her", "us", "them", "my", "your", "our", "their", "do",
        "does", "did", "have", "has", "had", "will", "would", "can", "could", "should", "not", "no", "yes", "also",
        "just", "about", "into", "than", "too", "very", "there", "here", "what", "which", "who", "when", "where",
        "how", "all", "any", "some", "let", "lets", "um", "uh", "okay", "ok", "am", "im", "s", "t",
    };

    /// <summary>Lower-case content words (stop words removed).</summary>
    public static IReadOnlyList<string> ContentWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value.Replace("'", "", StringComparison.Ordinal))
            .Where(w => w.Length > 1 && !StopWords.Contains(w)).ToList();
    }

    /// <summary>Scores in the order of <paramref name="sentences"/>; they sum to ~1 (uniform when nothing is similar).</summary>
    public static double[] Rank(IReadOnlyList<string> sentences)
    {
        ArgumentNullException.ThrowIfNull(sentences);
        var n = sentences.Count;
        if (n == 0)
        {
            return [];
        }

        var words = sentences.Select(s => ContentWords(s).ToHashSet(StringComparer.Ordinal)).ToList();
        var weights = new double[n, n];
        var outSum = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (words[i].Count < 1 || words[j].Count < 1)
                {
                    continue;
                }

                var shared = words[i].Count(words[j].Contains);
                var norm = Math.Log(words[i].Count + 1) + Math.Log(words[j].Count + 1);
                var w = shared == 0 ? 0 : shared / norm;
                weights[i, j] = weights[j, i] = w;
                outSum[i] += w;
                outSum[j] += w;
            }
        }

        var score = Enumerable.Repeat(1.0 / n, n).ToArray();
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var next = new double[n];
            var delta = 0.0;

            // Sentences similar to nothing spread their score evenly (standard PageRank), so scores keep summing to 1.
            var dangling = 0.0;
            for (var j = 0; j < n; j++)
            {
                if (outSum[j] == 0)
                {
                    dangling += score[j];
                }
            }

            for (var i = 0; i < n; i++)
            {
                var sum = 0.0;
                for (var j = 0; j < n; j++)
                {
                    if (outSum[j] > 0 && weights[j, i] > 0)
                    {
                        sum += weights[j, i] / outSum[j] * score[j];
                    }
                }

                next[i] = ((1 - Damping) / n) + (Damping * (sum + (dangling / n)));
                delta += Math.Abs(next[i] - score[i]);
            }

            score = next;
            if (delta < Tolerance)
            {
                break;
            }
        }

        return score;
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex WordPattern();
}
