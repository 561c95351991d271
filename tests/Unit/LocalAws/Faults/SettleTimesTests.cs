using Lifestream.LocalAws.Faults;

namespace Lifestream.Tests.Unit.LocalAws.Faults;

public sealed class SettleTimesTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    [Fact]
    public void The_bound_is_lease_plus_sweep_plus_the_slowest_clean_run_and_slower_faulted_uploads_are_counted_over_it()
    {
        UploadSettle[] settles =
        [
            new(S(1), null), new(S(3), null), new(S(2), null),
            new(null, S(4)), new(null, S(10)), new(null, S(10.5)), new(null, S(12)),
        ];

        var times = SettleTimes.From(settles, S(8));

        Assert.Equal(S(2), times.CleanMedian);
        Assert.Equal(S(3), times.CleanMax);
        Assert.Equal(S(10.5), times.AfterFaultMedian);
        Assert.Equal(S(12), times.AfterFaultMax);
        Assert.Equal(S(11), times.Bound);
        Assert.Equal(1, times.OverBound);
    }

    [Fact]
    public void A_run_without_faulted_or_clean_uploads_reports_zeros_not_an_error()
    {
        var times = SettleTimes.From([], S(8));

        Assert.Equal(TimeSpan.Zero, times.CleanMedian);
        Assert.Equal(TimeSpan.Zero, times.AfterFaultMax);
        Assert.Equal(S(8), times.Bound);
        Assert.Equal(0, times.OverBound);
    }

    [Fact]
    public void The_uploads_over_the_bound_are_told_slowest_first_with_their_story()
    {
        UploadSettle[] settles =
        [
            new(S(2), null, "clean"), new(null, S(4), "fast"), new(null, S(11), "slow"), new(null, S(30), "slowest"),
        ];

        var times = SettleTimes.From(settles, S(8));

        Assert.Equal(["30.0 s after its last fault: slowest", "11.0 s after its last fault: slow"], times.OverBoundStories);
    }
}
