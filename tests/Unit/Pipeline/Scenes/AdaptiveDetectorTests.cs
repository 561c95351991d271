using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

public class AdaptiveDetectorTests
{
    [Fact]
    public void Hard_cuts_are_found_on_the_first_frame_of_each_new_shot()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 30).Shot(3, 25).Shot(4, 40).Build();

        Assert.Equal([40L, 70L, 95L], SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Fact]
    public void A_static_shot_with_sensor_noise_has_no_cut()
    {
        var frames = new SyntheticFrames().Shot(7, 300, noise: 12).Build();

        Assert.Empty(SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_white_flash_inside_a_shot_is_not_a_cut(int flashFrames)
    {
        var frames = new SyntheticFrames().Shot(1, 40).Solid(255, 255, 255, flashFrames).Shot(1, 40).Build();

        Assert.Empty(SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Fact]
    public void A_slow_dissolve_is_not_a_cut()
    {
        var frames = new SyntheticFrames().Shot(1, 30).Dissolve(1, 2, 40).Shot(2, 30).Build();

        Assert.Empty(SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Fact]
    public void Constant_heavy_motion_is_not_a_cut_for_the_adaptive_detector_but_is_for_the_content_detector_in_suppress_mode()
    {
        // Every frame differs a lot from the previous one (like a whip pan): the fixed threshold fires,
        // the ratio to the neighbours stays near 1. (In PySceneDetect's default merge mode the content detector
        // reports nothing either: last_above moves every frame, so the minimum length is never met.)
        var frames = new SyntheticFrames().Chaos(60).Build();

        Assert.Empty(SyntheticFrames.Detect(new AdaptiveDetector(), frames));
        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
        Assert.NotEmpty(SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { FilterMode = FlashFilterMode.Suppress }), frames));
    }

    [Fact]
    public void A_cut_after_a_pan_is_still_found()
    {
        var frames = new SyntheticFrames().Pan(3, 40).Shot(4, 40).Build();

        Assert.Equal([40L], SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Fact]
    public void A_cut_in_the_last_frames_is_judged_by_flush()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 2).Build();

        Assert.Equal([40L], SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Fact]
    public void Cuts_closer_than_the_minimum_scene_length_are_ignored()
    {
        var frames = new SyntheticFrames().Shot(1, 30).Shot(2, 5).Shot(3, 30).Build();

        Assert.Equal([30L], SyntheticFrames.Detect(new AdaptiveDetector(), frames));
    }

    [Theory]
    [InlineData(0, 2, 15, "AdaptiveThreshold")]
    [InlineData(3, 0, 15, "WindowWidth")]
    [InlineData(3, 2, -1, "MinContentValue")]
    public void Invalid_options_are_rejected_naming_the_setting(double ratio, int window, double minContent, string setting)
    {
        var options = new AdaptiveDetectorOptions { AdaptiveThreshold = ratio, WindowWidth = window, MinContentValue = minContent };

        var ex = Assert.Throws<ArgumentException>(() => new AdaptiveDetector(options));

        Assert.Contains("AdaptiveDetectorOptions." + setting, ex.Message, StringComparison.Ordinal);
    }
}
