using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

public class SceneCutEvaluatorTests
{
    [Fact]
    public void Cuts_within_tolerance_match_and_the_rest_are_missed_or_spurious()
    {
        var result = SceneCutEvaluator.Evaluate(expectedCuts: [100, 200, 300], detectedCuts: [101, 250, 299], toleranceFrames: 1);

        Assert.Equal((2, 1, 1), (result.TruePositives, result.FalsePositives, result.FalseNegatives));
        Assert.Equal([200L], result.Missed);
        Assert.Equal([250L], result.Spurious);
        Assert.Equal(2.0 / 3, result.Precision, 9);
        Assert.Equal(2.0 / 3, result.Recall, 9);
        Assert.Equal(2.0 / 3, result.F1, 9);
    }

    [Fact]
    public void Two_detections_near_one_cut_count_once()
    {
        var result = SceneCutEvaluator.Evaluate([100], [99, 101], 1);

        Assert.Equal((1, 1, 0), (result.TruePositives, result.FalsePositives, result.FalseNegatives));
    }

    [Fact]
    public void Matching_is_nearest_first_so_a_closer_pair_is_not_stolen()
    {
        // 101 is 1 from both references; 102 is an exact hit and must not be displaced by 101.
        var result = SceneCutEvaluator.Evaluate([100, 102], [101, 102], 1);

        Assert.Equal(2, result.TruePositives);
        Assert.Contains((102L, 102L), result.Matches);
    }

    [Fact]
    public void Nothing_expected_and_nothing_found_is_perfect()
    {
        var result = SceneCutEvaluator.Evaluate([], [], 1);

        Assert.Equal((1.0, 1.0, 1.0), (result.Precision, result.Recall, result.F1));
    }

    [Fact]
    public void A_false_cut_on_a_clip_without_cuts_scores_zero_precision()
    {
        var result = SceneCutEvaluator.Evaluate([], [50], 1);

        Assert.Equal(0, result.Precision);
        Assert.Equal(1, result.FalsePositives);
    }
}
