using Lifestream.Core.Jobs;

namespace Lifestream.Tests.Unit.Core.Jobs;

/// <summary>The job state machine's rules, one by one (docs/state-machines.md).</summary>
public sealed class JobTransitionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static JobRecord Job(JobStatus status, int attempts = 1) => new()
    {
        JobId = "job-1", S3Bucket = "b", S3Key = "uploads/a.mp4", ETag = "e", Status = status, Attempts = attempts, CreatedAt = Now, UpdatedAt = Now,
    };

    public static TheoryData<JobStatus> TerminalStatuses => [JobStatus.Succeeded, JobStatus.Failed, JobStatus.TimedOut, JobStatus.Interrupted, JobStatus.Rejected];

    [Theory]
    [MemberData(nameof(TerminalStatuses))]
    public void Post_launch_dispatched_write_never_resurrects_a_terminal_job(JobStatus terminal)
    {
        Assert.IsType<JobDecision.Refused>(JobTransitions.Dispatch(Job(terminal, attempts: 1), 2, "arn:2", "e", Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.Start(Job(terminal), 1, "download", Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.Progress(Job(terminal), 1, "asr", new Dictionary<string, double>(), Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.Reject(Job(terminal == JobStatus.Rejected ? JobStatus.Failed : terminal), "gone", Now));
    }

    [Fact]
    public void Dispatched_write_of_an_attempt_that_already_runs_only_adds_the_task()
    {
        var write = Assert.IsType<JobDecision.Write>(JobTransitions.Dispatch(Job(JobStatus.Running, attempts: 2), 2, "arn:2", "e", Now));

        Assert.Equal(JobStatus.Running, write.Next.Status);
        Assert.Equal("arn:2", write.Next.TaskArn);
    }

    [Fact]
    public void Older_attempt_cannot_touch_a_job_a_newer_attempt_recorded()
    {
        var job = Job(JobStatus.Dispatched, attempts: 3);

        Assert.IsType<JobDecision.Refused>(JobTransitions.Dispatch(job, 2, "arn:2", "e", Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.Start(job, 2, "download", Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.Progress(job, 2, "asr", new Dictionary<string, double>(), Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.Succeed(job, 2, ["k"], new Dictionary<string, double>(), "finalize", Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.FailAttempt(job, 2, new AttemptFailure { Status = JobStatus.Failed, Error = "x" }, Now));
    }

    [Fact]
    public void Repeating_a_transition_of_the_same_attempt_is_already_applied()
    {
        Assert.IsType<JobDecision.AlreadyApplied>(JobTransitions.Start(Job(JobStatus.Running, 2), 2, "download", Now));
        Assert.IsType<JobDecision.AlreadyApplied>(JobTransitions.Succeed(Job(JobStatus.Succeeded, 2), 2, ["k"], new Dictionary<string, double>(), "finalize", Now));
        Assert.IsType<JobDecision.AlreadyApplied>(JobTransitions.FailAttempt(Job(JobStatus.Retrying, 2), 2, new AttemptFailure { Status = JobStatus.Retrying, Error = "x" }, Now));
        Assert.IsType<JobDecision.AlreadyApplied>(JobTransitions.GiveUp(Job(JobStatus.Failed), "x", Now));
    }

    [Fact]
    public void Retrying_is_not_terminal_and_the_next_attempt_dispatches_and_starts_from_it()
    {
        var retrying = Assert.IsType<JobDecision.Write>(JobTransitions.FailAttempt(
            Job(JobStatus.Running, 1), 1, new AttemptFailure { Status = JobStatus.Retrying, Error = "interrupted", RetryAt = Now.AddSeconds(30) }, Now)).Next;

        Assert.False(retrying.Status.IsTerminal());
        Assert.Equal(Now.AddSeconds(30), retrying.RetryAt);
        var dispatched = Assert.IsType<JobDecision.Write>(JobTransitions.Dispatch(retrying, 2, "arn:2", "e", Now)).Next;
        Assert.Equal((JobStatus.Dispatched, 2, (DateTimeOffset?)null), (dispatched.Status, dispatched.Attempts, dispatched.RetryAt));
        Assert.IsType<JobDecision.Write>(JobTransitions.Start(retrying, 2, "download", Now));
    }

    [Fact]
    public void Succeed_requires_the_running_attempt()
    {
        Assert.IsType<JobDecision.Refused>(JobTransitions.Succeed(Job(JobStatus.Queued, 0), 1, ["k"], new Dictionary<string, double>(), "finalize", Now));
        var done = Assert.IsType<JobDecision.Write>(JobTransitions.Succeed(Job(JobStatus.Running) with { Error = "old" }, 1, ["k"], new Dictionary<string, double>(), "finalize", Now)).Next;
        Assert.Equal((JobStatus.Succeeded, (string?)null), (done.Status, done.Error));
    }

    [Fact]
    public void Fail_unstarted_only_applies_before_a_task_ran()
    {
        Assert.IsType<JobDecision.Write>(JobTransitions.FailUnstarted(Job(JobStatus.Dispatched), "bad env", "settings", Now));
        Assert.IsType<JobDecision.Refused>(JobTransitions.FailUnstarted(Job(JobStatus.Running), "bad env", "settings", Now));
    }

    [Fact]
    public void An_attempt_cannot_end_a_job_as_succeeded_through_the_failure_rule() =>
        Assert.Throws<ArgumentException>(() => JobTransitions.FailAttempt(Job(JobStatus.Running), 1, new AttemptFailure { Status = JobStatus.Succeeded, Error = "x" }, Now));

    [Fact]
    public void Status_sets_partition_every_status()
    {
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            Assert.NotEqual(JobTransitions.Terminal.Contains(status), JobTransitions.NonTerminal.Contains(status));
        }
    }
}
