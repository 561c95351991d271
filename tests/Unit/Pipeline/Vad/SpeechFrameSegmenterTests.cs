using Lifestream.Core.Configuration;
using Lifestream.Pipeline.Model;
using Lifestream.Pipeline.Vad;

namespace Lifestream.Tests.Unit.Pipeline.Vad;

public class SpeechFrameSegmenterTests
{
    // 0.1 s frames keep the arithmetic readable.
    private const double Frame = 0.1;

    private static readonly VadOptions NoPadding = new() { Threshold = 0.5f, MinSpeechSeconds = 0.25, MinSilenceSeconds = 0.3, SpeechPadSeconds = 0, MaxRegionSeconds = 20 };

    /// <summary>"0" = 0.05, "1" = 0.95, "m" = 0.4 (between the thresholds).</summary>
    private static float[] P(string pattern) => pattern.Select(c => c switch { '1' => 0.95f, 'm' => 0.4f, _ => 0.05f }).ToArray();

    private static IReadOnlyList<TimeRange> Run(string pattern, VadOptions? options = null)
        => SpeechFrameSegmenter.Segment(P(pattern), Frame, pattern.Length * Frame, options ?? NoPadding);

    [Fact]
    public void One_burst_becomes_one_region()
    {
        Assert.Equal([new TimeRange(0.3, 0.8)], Run("000111110000"));
    }

    [Fact]
    public void Bursts_shorter_than_min_speech_are_dropped()
    {
        Assert.Empty(Run("0001100000"));
    }

    [Fact]
    public void Pauses_shorter_than_min_silence_do_not_split()
    {
        // 0.2 s gap < 0.3 s minimum silence: one region; 0.4 s gap: two.
        Assert.Equal([new TimeRange(0.1, 1.0)], Run("0111100111000"));
        Assert.Equal([new TimeRange(0.1, 0.5), new TimeRange(0.9, 1.2)], Run("01111000011100000"));
    }

    [Fact]
    public void Probability_between_thresholds_keeps_speech_going_but_does_not_start_it()
    {
        // Negative threshold 0.35 < 0.4 < 0.5: "m" frames extend a region, never open one.
        Assert.Equal([new TimeRange(0.2, 0.9)], Run("00111mmmm000000"));
        Assert.Empty(Run("0mmmmmmm0000"));
    }

    [Fact]
    public void Speech_running_to_the_end_is_closed_at_the_end()
    {
        Assert.Equal([new TimeRange(0.4, 0.8)], Run("00001111"));
    }

    [Fact]
    public void Padding_widens_regions_without_crossing_neighbours_or_the_edges()
    {
        var options = NoPadding with { SpeechPadSeconds = 0.2 };

        var regions = Run("11110000111100", options);

        // First: 0–0.4 → 0–0.6 (start clamped at 0); second 0.8–1.2 → padded start meets the first's end, end clamped at 1.4.
        Assert.Equal(2, regions.Count);
        Assert.Equal(0, regions[0].Start);
        Assert.True(regions[0].End <= regions[1].Start);
        Assert.Equal(0.6, regions[0].End, 9);
        Assert.Equal(1.4, regions[1].End, 9);
    }

    [Fact]
    public void Long_regions_are_split_at_the_quietest_frame()
    {
        var options = NoPadding with { MaxRegionSeconds = 2 };
        var probabilities = Enumerable.Repeat(0.95f, 30).ToArray();
        probabilities[14] = 0.6f; // quietest frame inside the second half of the first 2 s window

        var regions = SpeechFrameSegmenter.Segment(probabilities, Frame, 3.0, options);

        Assert.All(regions, r => Assert.True(r.Duration <= 2.0 + 1e-9));
        Assert.Equal(1.4, regions[0].End, 9);
        Assert.Equal(0, regions[0].Start);
        Assert.Equal(3.0, regions[^1].End, 9);
        for (var i = 1; i < regions.Count; i++)
        {
            Assert.Equal(regions[i - 1].End, regions[i].Start, 9);
        }
    }

    [Theory]
    [InlineData(0f, "Threshold")]
    [InlineData(1.5f, "Threshold")]
    public void Invalid_threshold_is_rejected_by_name(float threshold, string setting)
    {
        var ex = Assert.Throws<ArgumentException>(() => (NoPadding with { Threshold = threshold }).ThrowIfInvalidArgument());

        Assert.Contains(setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_threshold_above_threshold_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => (NoPadding with { NegativeThreshold = 0.7f }).ThrowIfInvalidArgument());

        Assert.Contains("NegativeThreshold", ex.Message, StringComparison.Ordinal);
    }
}
