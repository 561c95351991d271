using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Scenes;

public class ContentDetectorTests
{
    [Fact]
    public void Hard_cuts_are_found_on_the_first_frame_of_each_new_shot()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 30).Shot(3, 25).Shot(4, 40).Build();

        var cuts = SyntheticFrames.Detect(new ContentDetector(), frames);

        Assert.Equal([40L, 70L, 95L], cuts);
    }

    [Fact]
    public void A_static_shot_with_sensor_noise_has_no_cut()
    {
        var frames = new SyntheticFrames().Shot(7, 300, noise: 12).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_white_flash_inside_a_shot_is_not_a_cut(int flashFrames)
    {
        var frames = new SyntheticFrames().Shot(1, 40).Solid(255, 255, 255, flashFrames).Shot(1, 40).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void Without_the_flash_guard_the_same_flash_is_reported_as_a_cut()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Solid(255, 255, 255, 1).Shot(1, 40).Build();

        var cuts = SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { FlashMaxFrames = 0 }), frames);

        Assert.Equal([40L], cuts);
    }

    [Fact]
    public void A_cut_to_a_flash_then_a_new_shot_is_still_one_cut()
    {
        // The picture does not come back after the flash, so the guard must not swallow the cut.
        var frames = new SyntheticFrames().Shot(1, 40).Solid(255, 255, 255, 1).Shot(2, 40).Build();

        var cuts = SyntheticFrames.Detect(new ContentDetector(), frames);

        Assert.Equal([40L], cuts);
    }

    [Fact]
    public void A_slow_dissolve_changes_too_little_per_frame_to_be_a_cut()
    {
        var frames = new SyntheticFrames().Shot(1, 30).Dissolve(1, 2, 40).Shot(2, 30).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void Cuts_closer_than_the_minimum_scene_length_are_ignored()
    {
        var frames = new SyntheticFrames().Shot(1, 30).Shot(2, 5).Shot(3, 30).Build();

        var cuts = SyntheticFrames.Detect(new ContentDetector(), frames);

        Assert.Equal([30L], cuts);
    }

    [Fact]
    public void A_cut_before_the_minimum_scene_length_from_the_start_is_ignored()
    {
        var frames = new SyntheticFrames().Shot(1, 10).Shot(2, 40).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void A_cut_in_the_last_frames_is_reported_by_flush()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 2).Build();

        var cuts = SyntheticFrames.Detect(new ContentDetector(), frames);

        Assert.Equal([40L], cuts);
    }

    [Fact]
    public void Raising_the_threshold_above_the_cut_score_hides_the_cut()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 40).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { Threshold = 254 }), frames));
    }

    [Theory]
    [InlineData(0, 15, 3, "Threshold")]
    [InlineData(300, 15, 3, "Threshold")]
    [InlineData(27, 0, 0, "MinSceneLengthFrames")]
    [InlineData(27, 15, 15, "FlashMaxFrames")]
    [InlineData(27, 15, -1, "FlashMaxFrames")]
    public void Invalid_options_are_rejected_naming_the_setting(double threshold, int minScene, int flash, string setting)
    {
        var options = new ContentDetectorOptions { Threshold = threshold, MinSceneLengthFrames = minScene, FlashMaxFrames = flash };

        var ex = Assert.Throws<ArgumentException>(() => new ContentDetector(options));

        Assert.Contains("ContentDetectorOptions." + setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_record_every_threshold()
    {
        var detector = new ContentDetector();

        Assert.Equal("27", detector.Settings["threshold"]);
        Assert.Equal("15", detector.Settings["minSceneLengthFrames"]);
        Assert.Equal("3", detector.Settings["flashMaxFrames"]);
    }
}
