using Lifestream.Core.Jobs;
using Lifestream.Core.Retries;

namespace Lifestream.Tests.Unit.Core.Retries;

/// <summary>The one place that decides retries, and the mapping of a stopped task to its cause.</summary>
public sealed class RetryPolicyTests
{
    private readonly RetryPolicy policy = new(maxAttempts: 3, baseDelay: TimeSpan.FromSeconds(30), maxDelay: TimeSpan.FromMinutes(1));

    public static TheoryData<FailureCause> Transient => [FailureCause.LaunchFailed, FailureCause.TaskFailedToStart, FailureCause.TaskStoppedByPlatform,
        FailureCause.Interrupted, FailureCause.TimedOut, FailureCause.Throttled, FailureCause.TaskCrashed, FailureCause.ProcessingError];

    public static TheoryData<FailureCause> Permanent => [FailureCause.ObjectMissing, FailureCause.UnsafeKey, FailureCause.UnreadableMedia,
        FailureCause.OverLimits, FailureCause.SourceChanged, FailureCause.InvalidConfiguration, FailureCause.JobNotRunnable];

    [Theory]
    [MemberData(nameof(Transient))]
    public void Transient_causes_are_retried_with_backoff_until_the_last_attempt(FailureCause cause)
    {
        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<RetryDecision.RetryAfter>(policy.Decide(cause, 1, "r")).Delay);
        Assert.Equal(TimeSpan.FromMinutes(1), Assert.IsType<RetryDecision.RetryAfter>(policy.Decide(cause, 2, "r")).Delay);
        var last = Assert.IsType<RetryDecision.GiveUp>(policy.Decide(cause, 3, "r"));
        Assert.Equal("gave up after 3 attempt(s): r", last.Reason);
        Assert.True(last.JobStatus.IsTerminal());
    }

    [Theory]
    [MemberData(nameof(Permanent))]
    public void Permanent_causes_are_never_retried(FailureCause cause)
    {
        var decision = Assert.IsType<RetryDecision.GiveUp>(policy.Decide(cause, 1, "r"));
        Assert.Equal(cause is FailureCause.OverLimits or FailureCause.UnsafeKey ? JobStatus.Rejected : JobStatus.Failed, decision.TerminalStatus);
        Assert.Equal("r", decision.Reason);
    }

    [Theory]
    [InlineData(FailureCause.OverLimits)]
    [InlineData(FailureCause.UnsafeKey)]
    public void A_refused_upload_is_rejected_on_its_first_attempt_never_retried(FailureCause cause)
    {
        var decision = Assert.IsType<RetryDecision.GiveUp>(policy.Decide(cause, 1, "duration 36000 s exceeds the limit"));
        Assert.Equal(JobStatus.Rejected, decision.JobStatus);
        Assert.True(decision.JobStatus.IsTerminal());
    }

    [Fact]
    public void Every_cause_is_classified() =>
        Assert.Equal(Enum.GetValues<FailureCause>().Length, Transient.Count + Permanent.Count);

    [Fact]
    public void Interrupted_and_timed_out_keep_their_terminal_status()
    {
        Assert.Equal(JobStatus.Interrupted, policy.Decide(FailureCause.Interrupted, 3, "r").JobStatus);
        Assert.Equal(JobStatus.TimedOut, policy.Decide(FailureCause.TimedOut, 3, "r").JobStatus);
        Assert.Equal(JobStatus.Retrying, policy.Decide(FailureCause.TimedOut, 1, "r").JobStatus);
    }

    [Fact]
    public void Invalid_options_are_refused_once_naming_each_problem()
    {
        var ex = Assert.Throws<ArgumentException>(() => new RetryPolicy(0, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Contains("maxAttempts", ex.Message, StringComparison.Ordinal);
        Assert.Contains("baseDelay", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TaskFailedToStart", "CannotPullContainerError: pull access denied", null, FailureCause.TaskFailedToStart)]
    [InlineData("EssentialContainerExited", "Essential container in task exited", 137, FailureCause.TaskStoppedByPlatform)]
    [InlineData("EssentialContainerExited", "OutOfMemoryError: Container killed due to memory usage", 137, FailureCause.TaskStoppedByPlatform)]
    [InlineData("SpotInterruption", "Your Spot Task was interrupted.", null, FailureCause.TaskStoppedByPlatform)]
    [InlineData("EssentialContainerExited", "Essential container in task exited", 143, FailureCause.Interrupted)]
    [InlineData("EssentialContainerExited", "Essential container in task exited", 124, FailureCause.TimedOut)]
    [InlineData("EssentialContainerExited", "Essential container in task exited", 2, FailureCause.InvalidConfiguration)]
    [InlineData("EssentialContainerExited", "Essential container in task exited", 1, FailureCause.ProcessingError)]
    [InlineData("EssentialContainerExited", "Essential container in task exited", 3, FailureCause.TaskCrashed)]
    [InlineData(null, null, null, FailureCause.TaskCrashed)]
    public void Task_stops_map_to_causes(string? stopCode, string? reason, int? exitCode, FailureCause expected) =>
        Assert.Equal(expected, new TaskStop(stopCode, reason, exitCode).Classify());

    [Fact]
    public void A_task_that_exited_zero_is_not_a_failure() =>
        Assert.Null(new TaskStop("EssentialContainerExited", "Essential container in task exited", 0).Classify());
}
