using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

/// <summary>FlashFilter on flag sequences, traced by hand through PySceneDetect's FlashFilter.</summary>
public class FlashFilterTests
{
    private static List<long> Run(FlashFilter filter, int frames, params long[] above)
        => Enumerable.Range(0, frames).SelectMany(i => filter.Filter(i, above.Contains(i))).ToList();

    [Fact]
    public void Merge_reports_a_burst_at_its_last_above_frame_once_the_length_has_passed_below_the_threshold()
    {
        var cuts = Run(new FlashFilter(FlashFilterMode.Merge, 5), 40, 10, 12, 14, 16, 18);

        // 10 emitted (10 - 0 >= 5); 12 starts the merge; last_above reaches 18; merged span 18 - 12 = 6 >= 5 and
        // frame 23 is 5 below-threshold frames after 18: report 18.
        Assert.Equal([10L, 18L], cuts);
    }

    [Fact]
    public void Merge_that_never_spans_the_length_reports_nothing_more()
    {
        Assert.Equal([10L], Run(new FlashFilter(FlashFilterMode.Merge, 5), 40, 10, 12));
    }

    [Fact]
    public void Merge_is_not_enabled_before_the_first_cut()
    {
        // 2 and 4 are within 5 of frame 0 and of each other; 9 is 5 after 4: the first cut.
        Assert.Equal([9L], Run(new FlashFilter(FlashFilterMode.Merge, 5), 20, 2, 4, 9));
    }

    [Fact]
    public void Suppress_counts_from_the_last_emitted_cut_only()
    {
        Assert.Equal([5L, 10L], Run(new FlashFilter(FlashFilterMode.Suppress, 5), 20, 2, 4, 5, 7, 9, 10, 12));
    }

    [Fact]
    public void Length_zero_passes_every_above_threshold_frame()
    {
        Assert.Equal([1L, 2L, 3L], Run(new FlashFilter(FlashFilterMode.Merge, 0), 5, 1, 2, 3));
    }

    [Fact]
    public void Max_behind_is_the_length_in_merge_mode_and_zero_in_suppress_mode()
    {
        Assert.Equal(15, new FlashFilter(FlashFilterMode.Merge, 15).MaxBehind);
        Assert.Equal(0, new FlashFilter(FlashFilterMode.Suppress, 15).MaxBehind);
    }
}
