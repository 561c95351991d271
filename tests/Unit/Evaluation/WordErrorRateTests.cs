using Lifestream.Evaluation;

namespace Lifestream.Tests.Unit.Evaluation;

public class WordErrorRateTests
{
    [Theory]
    [InlineData("the cat sat", "the cat sat", 0, 0, 0)]
    [InlineData("the cat sat", "the dog sat", 1, 0, 0)]
    [InlineData("the cat sat", "the sat", 0, 1, 0)]
    [InlineData("the cat sat", "the cat sat down", 0, 0, 1)]
    [InlineData("a b c d", "x a b d", 0, 1, 1)] // insert x, delete c
    [InlineData("one two three", "", 0, 3, 0)]
    public void Counts_match_hand_alignment(string reference, string hypothesis, int substitutions, int deletions, int insertions)
    {
        var result = WordErrorRate.Compute(reference, hypothesis);

        Assert.Equal((substitutions, deletions, insertions), (result.Substitutions, result.Deletions, result.Insertions));
    }

    [Fact]
    public void Rate_is_errors_over_reference_words()
    {
        // 6 reference words; "on" → "in" (S), "the" deleted (D), "today" inserted (I): 3 / 6.
        var result = WordErrorRate.Compute("the cat sat on the mat", "the cat sat in mat today");

        Assert.Equal(3, result.Errors);
        Assert.Equal(0.5, result.Rate, 12);
    }

    [Fact]
    public void Normalisation_ignores_case_and_punctuation_but_keeps_apostrophes()
    {
        Assert.Equal(["don't", "stop", "it's", "fine", "ok"], TranscriptNormalizer.Words("Don't STOP! It's fine, ok"));
        Assert.Equal(0, WordErrorRate.Compute("Hello, world.", "hello world").Errors);
        Assert.Equal(["well", "known"], TranscriptNormalizer.Words("well-known"));
    }

    [Fact]
    public void Empty_reference_counts_every_hypothesis_word_as_insertion()
    {
        var result = WordErrorRate.Compute(string.Empty, "noise words");

        Assert.Equal(2, result.Insertions);
        Assert.Equal(1, result.Rate);
        Assert.Equal(0, WordErrorRate.Compute(string.Empty, string.Empty).Rate);
    }

    [Fact]
    public void Sclite_weights_prefer_deletion_plus_insertion_over_two_substitutions()
    {
        // "a b" → "b c": unit costs see two substitutions or one deletion + one insertion (both 2 errors, the
        // traceback prefers substitutions); sclite's weights (4 vs 3 + 3) choose the deletion and insertion.
        var unit = WordErrorRate.Compute("a b", "b c");
        var sclite = WordErrorRate.Compute("a b", "b c", AlignmentCosts.Sclite);

        Assert.Equal((2, 0, 0), (unit.Substitutions, unit.Deletions, unit.Insertions));
        Assert.Equal((0, 1, 1), (sclite.Substitutions, sclite.Deletions, sclite.Insertions));
    }

    [Fact]
    public void Results_add_up_for_corpus_wer()
    {
        var total = WordErrorRate.Compute("a b", "a c") + WordErrorRate.Compute("d e f g", "d e f g");

        Assert.Equal(1.0 / 6, total.Rate, 12);
    }
}
