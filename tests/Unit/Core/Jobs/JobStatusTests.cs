using Lifestream.Core.Jobs;

namespace Lifestream.Tests.Unit.Core.Jobs;

public class JobStatusTests
{
    [Theory]
    [InlineData(JobStatus.Queued, "queued", false)]
    [InlineData(JobStatus.Dispatched, "dispatched", false)]
    [InlineData(JobStatus.Running, "running", false)]
    [InlineData(JobStatus.Succeeded, "succeeded", true)]
    [InlineData(JobStatus.Failed, "failed", true)]
    [InlineData(JobStatus.TimedOut, "timed_out", true)]
    [InlineData(JobStatus.Interrupted, "interrupted", true)]
    [InlineData(JobStatus.Rejected, "rejected", true)]
    public void Wire_names_round_trip_and_terminality_is_documented(JobStatus status, string wire, bool terminal)
    {
        Assert.Equal(wire, status.ToWire());
        Assert.Equal(status, JobStatusExtensions.ParseWire(wire));
        Assert.Equal(terminal, status.IsTerminal());
    }

    [Fact]
    public void Unknown_wire_name_is_a_clear_error()
    {
        var ex = Assert.Throws<FormatException>(() => JobStatusExtensions.ParseWire("done"));
        Assert.Contains("'done'", ex.Message, StringComparison.Ordinal);
    }
}
