using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using Lifestream.Core.Retries;

namespace Lifestream.Tests.Unit.Core.Reconciliation;

public class AttemptRecoveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly StoppedAttempt Attempt2 = new("job1", "media", "uploads/a.mp4", "e1", 2);
    private static readonly AttemptStop Killed = new(FailureCause.TaskStoppedByPlatform, "exit 137");
    private static readonly AttemptStop Failed = new(FailureCause.ProcessingError, "exit 1");

    private static ClaimRecord Claim(ClaimState state, int attempt = 2, string jobId = "job1") => new()
    {
        Key = "uploads/a.mp4|e1",
        State = state,
        JobId = jobId,
        Attempt = attempt,
        LeaseExpiresAt = state is ClaimState.Dispatched or ClaimState.Running ? Now.AddMinutes(5) : null,
        UpdatedAt = Now,
        ExpiresAtEpochSeconds = 0,
    };

    private static JobRecord Job(JobStatus status) => new()
    {
        JobId = "job1",
        S3Bucket = "media",
        S3Key = "uploads/a.mp4",
        ETag = "e1",
        Status = status,
        CreatedAt = Now,
        UpdatedAt = Now,
    };

    private static RecoveryAction Decide(AttemptStop stop, ClaimRecord? claim, JobRecord? job) =>
        AttemptRecoveryRules.Decide(Attempt2, stop, claim, job).Action;

    [Fact]
    public void An_owner_that_stopped_without_recording_its_outcome_has_its_failure_recorded() =>
        Assert.Equal(RecoveryAction.RecordFailure, Decide(Killed, Claim(ClaimState.Running), Job(JobStatus.Running)));

    [Fact]
    public void A_dispatched_owner_whose_job_record_was_never_written_has_its_failure_recorded() =>
        Assert.Equal(RecoveryAction.RecordFailure, Decide(Killed, Claim(ClaimState.Dispatched), job: null));

    [Fact]
    public void A_superseded_attempt_is_ignored() =>
        Assert.Equal(RecoveryAction.Ignore, Decide(Killed, Claim(ClaimState.Running, attempt: 3), Job(JobStatus.Running)));

    [Fact]
    public void A_claim_of_another_job_is_ignored() =>
        Assert.Equal(RecoveryAction.Ignore, Decide(Killed, Claim(ClaimState.Running, jobId: "job2"), Job(JobStatus.Running)));

    [Fact]
    public void No_claim_is_ignored() => Assert.Equal(RecoveryAction.Ignore, Decide(Killed, null, Job(JobStatus.Running)));

    [Fact]
    public void A_task_that_exited_after_finalising_success_is_a_no_op() =>
        Assert.Equal(RecoveryAction.Ignore, Decide(new AttemptStop(FailureCause.TaskCrashed, "exit 0"), Claim(ClaimState.Processed), Job(JobStatus.Succeeded)));

    [Fact]
    public void A_task_that_recorded_a_terminal_failure_is_a_no_op() =>
        Assert.Equal(RecoveryAction.Ignore, Decide(Failed, Claim(ClaimState.Abandoned), Job(JobStatus.Failed)));

    [Fact]
    public void An_attempt_that_recorded_a_retry_is_relaunched() =>
        Assert.Equal(RecoveryAction.Relaunch, Decide(new AttemptStop(FailureCause.Interrupted, "exit 143"), Claim(ClaimState.Failed), Job(JobStatus.Retrying)));

    [Fact]
    public void An_abandoned_claim_whose_job_stayed_open_ends_the_job() =>
        Assert.Equal(RecoveryAction.GiveUp, Decide(Failed, Claim(ClaimState.Abandoned), Job(JobStatus.Running)));

    [Fact]
    public void A_live_claim_of_a_job_that_already_ended_is_released() =>
        Assert.Equal(RecoveryAction.ReleaseClaim, Decide(Killed, Claim(ClaimState.Running), Job(JobStatus.TimedOut)));

    [Fact]
    public void Success_recorded_on_the_job_but_not_the_claim_completes_the_claim() =>
        Assert.Equal(RecoveryAction.CompleteClaim, Decide(Killed, Claim(ClaimState.Running), Job(JobStatus.Succeeded)));

    [Fact]
    public void A_processed_claim_with_an_open_job_completes_the_job() =>
        Assert.Equal(RecoveryAction.CompleteJob, Decide(Killed, Claim(ClaimState.Processed), Job(JobStatus.Running)));

    [Fact]
    public void A_clean_exit_that_left_the_claim_live_counts_as_a_crash()
    {
        var change = new TaskStateChange { TaskArn = "arn:task/1", LastStatus = "STOPPED", StopCode = "EssentialContainerExited", ExitCode = 0 };

        Assert.Equal(FailureCause.TaskCrashed, AttemptStop.From(change).Cause);
        Assert.Equal(RecoveryAction.RecordFailure, Decide(AttemptStop.From(change), Claim(ClaimState.Running), Job(JobStatus.Running)));
    }
}
