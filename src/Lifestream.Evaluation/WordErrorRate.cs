namespace Lifestream.Evaluation;

/// <summary>Counts from a word alignment; <see cref="Rate"/> = (S + D + I) / N.</summary>
public sealed record WerResult(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
{
    public int Errors => Substitutions + Deletions + Insertions;

    public double Rate => ReferenceWords == 0 ? (Errors == 0 ? 0 : 1) : (double)Errors / ReferenceWords;

    public static WerResult operator +(WerResult a, WerResult b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return new(a.Substitutions + b.Substitutions, a.Deletions + b.Deletions, a.Insertions + b.Insertions, a.ReferenceWords + b.ReferenceWords);
    }

    public static WerResult Add(WerResult a, WerResult b) => a + b;

    public static readonly WerResult Zero = new(0, 0, 0, 0);
}

/// <summary>Edit costs of the word alignment.</summary>
public sealed record AlignmentCosts(int Substitution, int Deletion, int Insertion)
{
    /// <summary>Levenshtein distance: the textbook WER (default).</summary>
    public static readonly AlignmentCosts Unit = new(1, 1, 1);

    /// <summary>NIST sclite's default weights (substitution 4, deletion 3, insertion 3); counts are still reported per error.</summary>
    public static readonly AlignmentCosts Sclite = new(4, 3, 3);
}

/// <summary>
/// Word error rate by word-level Levenshtein alignment (unit costs by default, so the error count is the edit
/// distance). The split into S/D/I follows the traceback preferring match/substitution, then deletion, then
/// insertion. With <see cref="AlignmentCosts.Sclite"/> the alignment — and so the counts — match sclite's.
/// </summary>
public static class WordErrorRate
{
    public static WerResult Compute(string reference, string hypothesis, AlignmentCosts? costs = null)
        => Compute(TranscriptNormalizer.Words(reference), TranscriptNormalizer.Words(hypothesis), costs);

    public static WerResult Compute(IReadOnlyList<string> reference, IReadOnlyList<string> hypothesis, AlignmentCosts? costs = null)
    {
        costs ??= AlignmentCosts.Unit;
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        var n = reference.Count;
        var m = hypothesis.Count;
        var cost = new int[n + 1, m + 1];
        for (var i = 0; i <= n; i++)
        {
            cost[i, 0] = i * costs.Deletion;
        }

        for (var j = 0; j <= m; j++)
        {
            cost[0, j] = j * costs.Insertion;
        }

        for (var i = 1; i <= n; i++)
        {
            for (var j = 1; j <= m; j++)
            {
                var match = string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : costs.Substitution;
                cost[i, j] = Math.Min(cost[i - 1, j - 1] + match, Math.Min(cost[i - 1, j] + costs.Deletion, cost[i, j - 1] + costs.Insertion));
            }
        }

        // Trace back to split the distance into substitutions, deletions and insertions.
        int s = 0, d = 0, ins = 0;
        for (int i = n, j = m; i > 0 || j > 0;)
        {
            if (i > 0 && j > 0 && cost[i, j] == cost[i - 1, j - 1] + (string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal) ? 0 : costs.Substitution))
            {
                if (!string.Equals(reference[i - 1], hypothesis[j - 1], StringComparison.Ordinal))
                {
                    s++;
                }

                i--;
                j--;
            }
            else if (i > 0 && cost[i, j] == cost[i - 1, j] + costs.Deletion)
            {
                d++;
                i--;
            }
            else
            {
                ins++;
                j--;
            }
        }

        return new WerResult(s, d, ins, n);
    }
}
