using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;

namespace Lifestream.Tests.Unit.Core.Reconciliation;

public class AttemptRecoveryRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly StoppedAttempt Attempt2 = new("job1", "media", "uploads/a.mp4", "e1", 2);
    private static readonly AttemptStop Killed = new(AttemptStopKind.Killed, "exit 137");
    private static readonly AttemptStop Failed = new(AttemptStopKind.ProcessorFailed, "exit 1");

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

    private static RecoveryAction Decide(AttemptStop stop, ClaimRecord? claim, JobRecord? job, int maxAttempts = 3) =>
        AttemptRecoveryRules.Decide(Attempt2, stop, claim, job, maxAttempts, TaskStopRetryPolicy.Instance).Action;

    [Fact]
    public void Owner_killed_with_attempts_left_is_failed_and_retried() =>
        Assert.Equal(RecoveryAction.FailAttemptAndRetry, Decide(Killed, Claim(ClaimState.Running), Job(JobStatus.Running)));

    [Fact]
    public void Owner_killed_on_its_last_attempt_is_failed_for_good() =>
        Assert.Equal(RecoveryAction.FailAttemptAndGiveUp, Decide(Killed, Claim(ClaimState.Running), Job(JobStatus.Running), maxAttempts: 2));

    [Fact]
    public void Owner_that_exited_with_a_permanent_cause_without_recording_it_is_given_up() =>
        Assert.Equal(RecoveryAction.FailAttemptAndGiveUp, Decide(Failed, Claim(ClaimState.Dispatched), Job(JobStatus.Dispatched)));

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
        Assert.Equal(RecoveryAction.Ignore, Decide(new AttemptStop(AttemptStopKind.Completed, "exit 0"), Claim(ClaimState.Processed), Job(JobStatus.Succeeded)));

    [Fact]
    public void A_task_that_recorded_a_permanent_failure_is_a_no_op() =>
        Assert.Equal(RecoveryAction.Ignore, Decide(Failed, Claim(ClaimState.Failed), Job(JobStatus.Failed)));

    [Fact]
    public void An_interrupted_attempt_that_released_its_claim_is_retried() =>
        Assert.Equal(RecoveryAction.Retry, Decide(new AttemptStop(AttemptStopKind.Interrupted, "exit 143"), Claim(ClaimState.Failed), Job(JobStatus.Interrupted)));

    [Fact]
    public void An_interrupted_last_attempt_ends_the_job() =>
        Assert.Equal(RecoveryAction.GiveUp, Decide(new AttemptStop(AttemptStopKind.Interrupted, "exit 143"), Claim(ClaimState.Failed), Job(JobStatus.Interrupted), maxAttempts: 2));

    [Fact]
    public void A_failure_recorded_on_the_claim_but_not_on_the_job_ends_the_job() =>
        Assert.Equal(RecoveryAction.GiveUp, Decide(Failed, Claim(ClaimState.Failed), Job(JobStatus.Running)));

    [Fact]
    public void Success_recorded_on_the_job_but_not_the_claim_completes_the_claim() =>
        Assert.Equal(RecoveryAction.CompleteClaim, Decide(Killed, Claim(ClaimState.Running), Job(JobStatus.Succeeded)));

    [Fact]
    public void A_processed_claim_with_an_open_job_completes_the_job() =>
        Assert.Equal(RecoveryAction.CompleteJob, Decide(Killed, Claim(ClaimState.Processed), Job(JobStatus.Running)));

    [Fact]
    public void A_clean_exit_that_left_the_claim_live_is_retried() =>
        Assert.Equal(RecoveryAction.FailAttemptAndRetry, Decide(new AttemptStop(AttemptStopKind.Completed, "exit 0"), Claim(ClaimState.Running), Job(JobStatus.Running)));

    [Fact]
    public void The_retry_decision_comes_from_the_policy_seam()
    {
        var decision = AttemptRecoveryRules.Decide(Attempt2, Killed, Claim(ClaimState.Running), Job(JobStatus.Running), 3, new NeverRetry());

        Assert.Equal(RecoveryAction.FailAttemptAndGiveUp, decision.Action);
    }

    private sealed class NeverRetry : IAttemptRetryPolicy
    {
        public bool IsTransient(AttemptStop ended) => false;
    }
}
