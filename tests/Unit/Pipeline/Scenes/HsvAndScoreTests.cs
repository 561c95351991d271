using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

public class HsvAndScoreTests
{
    [Theory]
    [InlineData(255, 0, 0, 0, 255, 255)]
    [InlineData(0, 255, 0, 60, 255, 255)]
    [InlineData(0, 0, 255, 120, 255, 255)]
    [InlineData(255, 255, 0, 30, 255, 255)]
    [InlineData(128, 128, 128, 0, 0, 128)]
    [InlineData(0, 0, 0, 0, 0, 0)]
    [InlineData(255, 0, 255, 150, 255, 255)]
    public void Rgb_converts_to_opencv_8bit_hsv(byte r, byte g, byte b, byte h, byte s, byte v)
    {
        var hsv = HsvFrame.FromRgb(AnalysisFrame.Create(0, 0, 1, 1, [r, g, b]));

        Assert.Equal(h, hsv.Hue[0]);
        Assert.Equal(s, hsv.Saturation[0]);
        Assert.Equal(v, hsv.Value[0]);
    }

    [Fact]
    public void Identical_frames_score_zero_and_black_to_white_scores_a_third_of_255()
    {
        var black = HsvFrame.FromRgb(AnalysisFrame.Create(0, 0, 2, 1, new byte[6]));
        var white = HsvFrame.FromRgb(AnalysisFrame.Create(1, 0, 2, 1, Enumerable.Repeat((byte)255, 6).ToArray()));

        Assert.Equal(0, ContentScorer.Combined(black, black, ContentWeights.Default));
        var score = ContentScorer.Score(black, white);
        Assert.Equal(new ContentScore(0, 0, 255), score);
        Assert.Equal(85, score.Combined(ContentWeights.Default), 6);
        Assert.Equal(255, score.Combined(new ContentWeights(0, 0, 1)), 6);
    }

    [Fact]
    public void Frames_of_different_sizes_cannot_be_compared()
    {
        var a = HsvFrame.FromRgb(AnalysisFrame.Create(0, 0, 1, 1, new byte[3]));
        var b = HsvFrame.FromRgb(AnalysisFrame.Create(0, 0, 2, 1, new byte[6]));

        Assert.Throws<ArgumentException>(() => ContentScorer.Score(a, b));
    }

    [Fact]
    public void A_buffer_of_the_wrong_size_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => AnalysisFrame.Create(0, 0, 2, 2, new byte[3]));

        Assert.Contains("12 bytes", ex.Message, StringComparison.Ordinal);
    }
}
