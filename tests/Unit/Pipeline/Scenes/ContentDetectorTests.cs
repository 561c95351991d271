using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

/// <summary>
/// ContentDetector against PySceneDetect's behaviour. Expected cuts are traced by hand through PySceneDetect's
/// ContentDetector.process_frame and FlashFilter (min_scene_len 15, merge unless stated).
/// </summary>
public class ContentDetectorTests
{
    private static AnalysisFrame Grey(long index, byte level) => AnalysisFrame.Create(index, index / 25.0, 2, 2, Enumerable.Repeat(level, 12).ToArray());

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

    [Fact]
    public void A_score_exactly_at_the_threshold_is_a_cut()
    {
        // Black -> grey 81: hue and saturation stay 0, value moves by 81, so content_val = (0 + 0 + 81) / 3 = 27.0,
        // and PySceneDetect compares with >=.
        IEnumerable<AnalysisFrame> Frames() => Enumerable.Range(0, 40).Select(i => Grey(i, i < 20 ? (byte)0 : (byte)81));
        var atThreshold = new ContentDetector(new ContentDetectorOptions { Threshold = 27 });
        var justAbove = new ContentDetector(new ContentDetectorOptions { Threshold = 27.0001 });

        Assert.Equal([20L], SyntheticFrames.Detect(atThreshold, Frames()));
        Assert.Empty(SyntheticFrames.Detect(justAbove, Frames()));
    }

    [Fact]
    public void The_first_frame_scores_zero_and_starts_the_minimum_length_count()
    {
        var detector = new ContentDetector(new ContentDetectorOptions { MinSceneLengthFrames = 15 });

        Assert.Empty(detector.Process(Grey(0, 255)));
        Assert.Equal(0.0, detector.LastScore);
        Assert.Empty(detector.Process(Grey(1, 0))); // 255 / 3 = 85 >= 27, but only 1 frame after the first frame
        Assert.Equal(85.0, detector.LastScore);
        Assert.Equal([16L], Enumerable.Range(2, 30).SelectMany(i => detector.Process(Grey(i, i >= 16 ? (byte)200 : (byte)0))).ToList());
    }

    [Fact]
    public void A_one_frame_flash_is_reported_at_the_flash_and_the_return_is_merged_away()
    {
        // Frame 40 (white) scores high and is 40 frames after the start: a cut. Frame 41 (the shot again) also
        // scores high, 1 frame later: merge starts at 41 and never collects 15 frames, so it is never emitted.
        var frames = new SyntheticFrames().Shot(1, 40).Solid(255, 255, 255, 1).Shot(1, 40).Build();

        Assert.Equal([40L], SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void A_burst_of_cuts_is_merged_into_its_last_cut_in_merge_mode_and_thinned_in_suppress_mode()
    {
        // Cuts at 30, 35, 40, 45, 50, then a long shot.
        // Merge: 30 emitted; 35 starts a merge; last_above moves to 40, 45, 50; at frame 65 (15 frames below the
        // threshold after 50, merged span 50 - 35 = 15) the merge ends and reports 50.
        // Suppress: 30 emitted; 35, 40 too close to 30; 45 is 15 after 30: emitted; 50 too close to 45.
        IEnumerable<AnalysisFrame> Frames() => new SyntheticFrames().Shot(1, 30).Shot(2, 5).Shot(3, 5).Shot(4, 5).Shot(5, 5).Shot(6, 40).Build();

        Assert.Equal([30L, 50L], SyntheticFrames.Detect(new ContentDetector(), Frames()));
        Assert.Equal([30L, 45L], SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { FilterMode = FlashFilterMode.Suppress }), Frames()));
    }

    [Fact]
    public void An_early_above_threshold_frame_pushes_the_next_cut_out_even_though_it_was_not_a_cut()
    {
        // Frame 10 is too early (10 < 15 after frame 0) but moves last_above to 10 in merge mode, so frame 20
        // (20 - 10 = 10 < 15) is not a cut either; merging is not enabled before the first emitted cut.
        var frames = new SyntheticFrames().Shot(1, 10).Shot(2, 10).Shot(3, 40).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
        Assert.Equal([20L], SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { FilterMode = FlashFilterMode.Suppress }), new SyntheticFrames().Shot(1, 10).Shot(2, 10).Shot(3, 40).Build()));
    }

    [Fact]
    public void A_cut_in_the_last_frames_is_reported_when_it_meets_the_minimum_length()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 2).Build();

        Assert.Equal([40L], SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void A_merge_still_open_when_the_video_ends_is_dropped()
    {
        // 30 emitted; 35 starts a merge that the end of the video interrupts: PySceneDetect has no post_process here.
        var frames = new SyntheticFrames().Shot(1, 30).Shot(2, 5).Shot(3, 5).Build();

        Assert.Equal([30L], SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void A_slow_dissolve_changes_too_little_per_frame_to_be_a_cut()
    {
        var frames = new SyntheticFrames().Shot(1, 30).Dissolve(1, 2, 40).Shot(2, 30).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(), frames));
    }

    [Fact]
    public void Minimum_length_zero_disables_the_filter()
    {
        var frames = new SyntheticFrames().Shot(1, 3).Shot(2, 3).Build();

        Assert.Equal([3L], SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { MinSceneLengthFrames = 0 }), frames));
    }

    [Fact]
    public void Raising_the_threshold_above_the_cut_score_hides_the_cut()
    {
        var frames = new SyntheticFrames().Shot(1, 40).Shot(2, 40).Build();

        Assert.Empty(SyntheticFrames.Detect(new ContentDetector(new ContentDetectorOptions { Threshold = 254 }), frames));
    }

    [Theory]
    [InlineData(0, 15, "Threshold")]
    [InlineData(300, 15, "Threshold")]
    [InlineData(27, -1, "MinSceneLengthFrames")]
    public void Invalid_options_are_rejected_naming_the_setting(double threshold, int minScene, string setting)
    {
        var options = new ContentDetectorOptions { Threshold = threshold, MinSceneLengthFrames = minScene };

        var ex = Assert.Throws<ArgumentException>(() => new ContentDetector(options));

        Assert.Contains("ContentDetectorOptions." + setting, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_record_every_threshold()
    {
        var detector = new ContentDetector();

        Assert.Equal("27", detector.Settings["threshold"]);
        Assert.Equal("15", detector.Settings["minSceneLengthFrames"]);
        Assert.Equal("merge", detector.Settings["filterMode"]);
    }
}
