using Lifestream.Pipeline.Model;

namespace Lifestream.Evaluation;

/// <summary>Times in seconds; <see cref="Rate"/> = (missed + false alarm + confusion) / scored reference speech.</summary>
public sealed record DerResult(double ScoredSpeech, double MissedSpeech, double FalseAlarm, double Confusion, int ReferenceSpeakers, int HypothesisSpeakers)
{
    public double Rate => ScoredSpeech <= 0 ? 0 : (MissedSpeech + FalseAlarm + Confusion) / ScoredSpeech;
}

/// <summary>
/// Diarization error rate as NIST md-eval computes it: a no-score collar of ± <c>collar</c> seconds around every
/// reference turn boundary, overlapping speech counted per speaker, and the optimal one-to-one mapping of
/// hypothesis to reference speakers (maximum overlap). Like md-eval without a UEM file, only the span from the
/// first reference start to the last reference end is scored. Exact: the timeline is cut at every boundary, so
/// there is no frame rounding.
/// </summary>
public static class DiarizationErrorRate
{
    public const double DefaultCollarSeconds = 0.25;

    public static DerResult Compute(IReadOnlyList<SpeakerTurn> reference, IReadOnlyList<SpeakerTurn> hypothesis, double collar = DefaultCollarSeconds)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(hypothesis);
        ArgumentOutOfRangeException.ThrowIfNegative(collar);
        var referenceSpeakers = reference.Select(t => t.Speaker).Distinct().ToList();
        var hypothesisSpeakers = hypothesis.Select(t => t.Speaker).Distinct().ToList();
        var noScore = reference.SelectMany(t => new[] { new TimeRange(t.Start - collar, t.Start + collar), new TimeRange(t.End - collar, t.End + collar) }).Where(r => r.Duration > 0).ToList();

        var scoredFrom = reference.Count == 0 ? 0 : reference.Min(t => t.Start);
        var scoredTo = reference.Count == 0 ? 0 : reference.Max(t => t.End);
        var cuts = reference.SelectMany(t => new[] { t.Start, t.End })
            .Concat(hypothesis.SelectMany(t => new[] { t.Start, t.End }))
            .Concat(noScore.SelectMany(r => new[] { r.Start, r.End }))
            .Distinct().Order().ToList();

        var pieces = new List<(double Duration, int[] Ref, int[] Hyp)>();
        var overlap = new double[referenceSpeakers.Count, hypothesisSpeakers.Count];
        for (var c = 0; c + 1 < cuts.Count; c++)
        {
            var duration = cuts[c + 1] - cuts[c];
            var middle = (cuts[c] + cuts[c + 1]) / 2;
            if (duration <= 0 || middle < scoredFrom || middle > scoredTo || noScore.Any(r => r.Start <= middle && middle <= r.End))
            {
                continue;
            }

            var active = ActiveSpeakers(reference, referenceSpeakers, middle);
            var hypothesised = ActiveSpeakers(hypothesis, hypothesisSpeakers, middle);
            if (active.Length == 0 && hypothesised.Length == 0)
            {
                continue;
            }

            pieces.Add((duration, active, hypothesised));
            foreach (var r in active)
            {
                foreach (var h in hypothesised)
                {
                    overlap[r, h] += duration;
                }
            }
        }

        var mapping = SpeakerMapping.Maximise(overlap);
        double scored = 0, missed = 0, falseAlarm = 0, confusion = 0;
        foreach (var (duration, active, hypothesised) in pieces)
        {
            scored += active.Length * duration;
            missed += Math.Max(0, active.Length - hypothesised.Length) * duration;
            falseAlarm += Math.Max(0, hypothesised.Length - active.Length) * duration;
            var correct = active.Count(r => mapping[r] >= 0 && hypothesised.Contains(mapping[r]));
            confusion += (Math.Min(active.Length, hypothesised.Length) - correct) * duration;
        }

        return new DerResult(scored, missed, falseAlarm, confusion, referenceSpeakers.Count, hypothesisSpeakers.Count);
    }

    private static int[] ActiveSpeakers(IReadOnlyList<SpeakerTurn> turns, List<string> speakers, double time)
        => turns.Where(t => t.Start <= time && time < t.End).Select(t => speakers.IndexOf(t.Speaker)).Distinct().ToArray();
}
