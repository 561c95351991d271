using Lifestream.Evaluation;
using Lifestream.Pipeline.Model;

namespace Lifestream.Tests.Unit.Evaluation;

public class DiarizationErrorRateTests
{
    private static readonly SpeakerTurn[] Reference = [new("A", 0, 10), new("B", 10, 20)];

    [Fact]
    public void Perfect_hypothesis_with_other_labels_scores_zero()
    {
        var result = DiarizationErrorRate.Compute(Reference, [new("S2", 0, 10), new("S1", 10, 20)], collar: 0);

        Assert.Equal(0, result.Rate, 12);
        Assert.Equal(20, result.ScoredSpeech, 9);
    }

    [Fact]
    public void Confusion_missed_and_false_alarm_without_collar()
    {
        // Reference: A 0–10, silence 10–12, B 12–20.
        // Hypothesis: S1 = A on 0–10, S2 on 10–11 (false alarm), S2 = B on 12–16, S1 on 16–18 (confused), nothing 18–20 (missed),
        // S2 on 20–21 (outside the reference span: not scored, as md-eval without a UEM).
        SpeakerTurn[] reference = [new("A", 0, 10), new("B", 12, 20)];
        SpeakerTurn[] hypothesis = [new("S1", 0, 10), new("S2", 10, 11), new("S2", 12, 16), new("S1", 16, 18), new("S2", 20, 21)];

        var result = DiarizationErrorRate.Compute(reference, hypothesis, collar: 0);

        Assert.Equal(18, result.ScoredSpeech, 9);
        Assert.Equal(2, result.Confusion, 9);
        Assert.Equal(2, result.MissedSpeech, 9);
        Assert.Equal(1, result.FalseAlarm, 9);
        Assert.Equal(5.0 / 18, result.Rate, 9);
    }

    [Fact]
    public void Collar_removes_errors_near_reference_boundaries()
    {
        // The hypothesis switches 0.2 s late; inside the 0.25 s collar around t = 10 this is not scored.
        SpeakerTurn[] hypothesis = [new("S1", 0, 10.2), new("S2", 10.2, 20)];

        var withCollar = DiarizationErrorRate.Compute(Reference, hypothesis, collar: 0.25);
        var withoutCollar = DiarizationErrorRate.Compute(Reference, hypothesis, collar: 0);

        Assert.Equal(0, withCollar.Rate, 12);

        // Scored time loses 0.25 s at 0 (start collar only reaches inward), 0.5 s around 10 and 0.25 s before 20.
        Assert.Equal(19, withCollar.ScoredSpeech, 9);
        Assert.Equal(0.2 / 20, withoutCollar.Rate, 9);
    }

    [Fact]
    public void Mapping_is_one_to_one_so_a_single_hypothesis_speaker_confuses_the_other()
    {
        var result = DiarizationErrorRate.Compute(Reference, [new("S1", 0, 20)], collar: 0);

        Assert.Equal(10, result.Confusion, 9);
        Assert.Equal(0.5, result.Rate, 9);
    }

    [Fact]
    public void Overlapping_reference_speech_counts_per_speaker()
    {
        // A and B overlap on 5–10; the hypothesis has only one speaker there: 5 s missed.
        SpeakerTurn[] reference = [new("A", 0, 10), new("B", 5, 15)];
        SpeakerTurn[] hypothesis = [new("S1", 0, 10), new("S2", 10, 15)];

        var result = DiarizationErrorRate.Compute(reference, hypothesis, collar: 0);

        Assert.Equal(20, result.ScoredSpeech, 9);
        Assert.Equal(5, result.MissedSpeech, 9);
        Assert.Equal(0, result.Confusion, 9);
    }

    [Fact]
    public void Hungarian_mapping_maximises_total_overlap()
    {
        // Greedy (take 0↔0 = 5 first) would give 5 + 1; optimal is 0↔1 + 1↔0 = 4 + 4.
        var mapping = SpeakerMapping.Maximise(new double[,] { { 5, 4 }, { 4, 1 } });

        Assert.Equal([1, 0], mapping);
        Assert.Equal([0, -1], SpeakerMapping.Maximise(new double[,] { { 3 }, { 2 } }));
    }
}
