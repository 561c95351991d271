namespace Lifestream.Pipeline.Scenes;

/// <summary>Precision / recall / F1 of detected cuts against reference cuts.</summary>
public sealed record SceneEvaluationResult(
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int ToleranceFrames,
    IReadOnlyList<(long Expected, long Detected)> Matches,
    IReadOnlyList<long> Missed,
    IReadOnlyList<long> Spurious)
{
    /// <summary>1 when nothing was detected and nothing was expected.</summary>
    public double Precision => TruePositives + FalsePositives == 0 ? (FalseNegatives == 0 ? 1 : 0) : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>
/// Scores cut frame lists (first frame of each new scene). A detected cut matches an unmatched expected cut
/// within ±<c>toleranceFrames</c>; matching is one-to-one, nearest first, so two detections near one
/// reference cut count as one hit and one false positive.
/// </summary>
public static class SceneCutEvaluator
{
    public static SceneEvaluationResult Evaluate(IEnumerable<long> expectedCuts, IEnumerable<long> detectedCuts, int toleranceFrames = 1)
    {
        ArgumentNullException.ThrowIfNull(expectedCuts);
        ArgumentNullException.ThrowIfNull(detectedCuts);
        ArgumentOutOfRangeException.ThrowIfNegative(toleranceFrames);
        var expected = expectedCuts.Distinct().Order().ToList();
        var detected = detectedCuts.Distinct().Order().ToList();
        var pairs = (from e in expected
                     from d in detected
                     let distance = Math.Abs(e - d)
                     where distance <= toleranceFrames
                     orderby distance, e, d
                     select (e, d)).ToList();
        var usedExpected = new HashSet<long>();
        var usedDetected = new HashSet<long>();
        var matches = new List<(long, long)>();
        foreach (var (e, d) in pairs)
        {
            if (usedExpected.Contains(e) || usedDetected.Contains(d))
            {
                continue;
            }

            usedExpected.Add(e);
            usedDetected.Add(d);
            matches.Add((e, d));
        }

        matches.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        var missed = expected.Where(e => !usedExpected.Contains(e)).ToList();
        var spurious = detected.Where(d => !usedDetected.Contains(d)).ToList();
        return new SceneEvaluationResult(matches.Count, spurious.Count, missed.Count, toleranceFrames, matches, missed, spurious);
    }
}
