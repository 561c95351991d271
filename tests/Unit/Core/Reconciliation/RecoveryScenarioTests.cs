using System.Text.Json;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using Lifestream.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Lifestream.Tests.Unit.Core.Reconciliation;

/// <summary>The reconciler and the sweeper on the in-memory stores: stop events, lost events, crashed dispatchers.</summary>
public class RecoveryScenarioTests
{
    private const string Bucket = "media";
    private const string Key = "uploads/talk.mp4";
    private static readonly IdempotencyOptions Policy = new() { LeaseDuration = TimeSpan.FromMinutes(15), MaxAttempts = 3 };
    private static readonly DispatcherOptions Options = new() { JobsTableName = "jobs", IdempotencyTableName = "idem", TaskTimeout = TimeSpan.FromHours(1) };

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeObjectStore objects = new();
    private readonly InMemoryJobStore jobs;
    private readonly RecordingTaskLauncher launcher = new();
    private readonly InMemoryIdempotencyStore claims;
    private readonly UploadDispatcher dispatcher;
    private readonly TaskStopReconciler reconciler;
    private readonly StaleWorkSweeper sweeper;
    private readonly DispatcherRouter router;

    public RecoveryScenarioTests()
    {
        claims = new InMemoryIdempotencyStore(Policy, clock);
        jobs = new InMemoryJobStore(clock);
        dispatcher = new UploadDispatcher(Options, Policy, objects, claims, jobs, launcher, clock, NullLogger<UploadDispatcher>.Instance);
        var recovery = new AttemptRecovery(Options, Policy, objects, claims, jobs, launcher, clock, NullLogger.Instance);
        reconciler = new TaskStopReconciler(recovery, NullLogger<TaskStopReconciler>.Instance);
        sweeper = new StaleWorkSweeper(new InMemoryRecoveryIndex(claims, jobs), recovery, claims, jobs, new SweeperOptions { TaskTimeout = Options.TaskTimeout, UploadsBucket = Bucket }, clock, NullLogger<StaleWorkSweeper>.Instance);
        router = new DispatcherRouter(dispatcher.DispatchBatchAsync, reconciler, sweeper, NullLogger<DispatcherRouter>.Instance);
        objects.Put(Bucket, Key, "etag-1");
    }

    private static QueueMessage Upload(string id) => new(id, "{\"Records\":[{\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\"" + Bucket + "\"},\"object\":{\"key\":\"" + Key + "\"}}}]}");

    private async Task<TaskLaunchRequest> LaunchFirstAttemptAsync()
    {
        var result = await router.DispatchBatchAsync([Upload("m1")], default);
        Assert.True(result.Messages[0].Acknowledge);
        return Assert.Single(launcher.Launches);
    }

    private static QueueMessage StopEvent(TaskLaunchRequest launch, int exitCode) => new(
        $"stop-{launch.Attempt}",
        TaskStoppedEvents.Stopped(jobId: launch.JobId, key: launch.S3Key, etag: launch.ETag, attempt: launch.Attempt, exitCode: exitCode).Replace("\"media\"", $"\"{Bucket}\"", StringComparison.Ordinal));

    private Task<JobRecord?> Job(string id) => jobs.GetAsync(id, default);

    [Fact]
    public async Task A_killed_processor_is_failed_recorded_and_relaunched_as_the_next_attempt()
    {
        var first = await LaunchFirstAttemptAsync();
        Assert.True(await claims.TryMarkRunningAsync(new IdempotencyKey(Key, "etag-1"), first.JobId, 1, default));
        Assert.True((await jobs.TryMarkRunningAsync(first.JobId, 1, "asr", default)).Applied);

        var result = await router.DispatchBatchAsync([StopEvent(first, exitCode: 137)], default);

        var outcome = Assert.Single(result.Messages[0].Records);
        Assert.Equal(DispatchOutcomeKind.Launched, outcome.Kind);
        Assert.Equal(2, launcher.Launches.Count);
        var second = launcher.Launches.Last();
        Assert.Equal((first.JobId, 2), (second.JobId, second.Attempt));
        var job = await Job(first.JobId);
        Assert.Equal(JobStatus.Dispatched, job!.Status);
        Assert.Equal(2, job.Attempts);
        Assert.Contains("exit code 137", job.Error, StringComparison.Ordinal);
        Assert.Contains("EssentialContainerExited", job.Error, StringComparison.Ordinal);
        var claim = await claims.GetAsync(new IdempotencyKey(Key, "etag-1"), default);
        Assert.Equal((ClaimState.Dispatched, 2), (claim!.State, claim.Attempt));

        // The same event again (at-least-once delivery): attempt 1 no longer owns the claim, nothing happens.
        var again = await router.DispatchBatchAsync([StopEvent(first, exitCode: 137)], default);
        Assert.Equal(DispatchOutcomeKind.Ignored, again.Messages[0].Records[0].Kind);
        Assert.Equal(2, launcher.Launches.Count);
    }

    [Fact]
    public async Task The_last_attempt_killed_makes_the_job_terminal_failed_with_the_reason()
    {
        var launch = await LaunchFirstAttemptAsync();
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            launch = launcher.Launches.Last();
            await router.DispatchBatchAsync([StopEvent(launch, exitCode: 137)], default);
        }

        var job = await Job(launch.JobId);
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.StartsWith("gave up after 3 attempt(s)", job.Error, StringComparison.Ordinal);
        Assert.Equal(3, launcher.Launches.Count);
    }

    [Fact]
    public async Task A_permanent_cause_is_never_retried_and_ends_the_job_at_once()
    {
        var launch = await LaunchFirstAttemptAsync();

        var result = await router.DispatchBatchAsync([StopEvent(launch, exitCode: 2)], default);

        Assert.Equal(DispatchOutcomeKind.AttemptsExhausted, result.Messages[0].Records[0].Kind);
        Assert.Single(launcher.Launches);
        Assert.Equal(JobStatus.Failed, (await Job(launch.JobId))!.Status);
        Assert.Equal(ClaimState.Abandoned, (await claims.GetAsync(new IdempotencyKey(Key, "etag-1"), default))!.State);
    }

    [Fact]
    public async Task A_retry_the_processor_recorded_itself_is_launched_when_its_task_stops()
    {
        var launch = await LaunchFirstAttemptAsync();
        var key = new IdempotencyKey(Key, "etag-1");
        Assert.True(await claims.TryMarkRunningAsync(key, launch.JobId, 1, default));
        Assert.True((await jobs.TryMarkRunningAsync(launch.JobId, 1, "asr", default)).Applied);
        var recorder = new Lifestream.Core.Retries.AttemptFailureRecorder(claims, jobs, Lifestream.Core.Retries.RetryPolicy.For(Policy), clock);
        var recorded = await recorder.RecordAsync(key, launch.JobId, 1, new Lifestream.Core.Retries.FailedAttempt { Cause = Lifestream.Core.Retries.FailureCause.Interrupted, Reason = "SIGTERM" }, default);
        Assert.Equal(JobStatus.Retrying, recorded.Job!.Record!.Status);

        var result = await router.DispatchBatchAsync([StopEvent(launch, exitCode: 143)], default);

        Assert.Equal(DispatchOutcomeKind.Launched, result.Messages[0].Records[0].Kind);
        Assert.Equal((launch.JobId, 2), (launcher.Launches.Last().JobId, launcher.Launches.Last().Attempt));
        Assert.Equal(JobStatus.Dispatched, (await Job(launch.JobId))!.Status);
    }

    [Fact]
    public async Task A_task_that_exits_after_succeeding_changes_nothing()
    {
        var launch = await LaunchFirstAttemptAsync();
        var key = new IdempotencyKey(Key, "etag-1");
        Assert.True(await claims.TryMarkRunningAsync(key, launch.JobId, 1, default));
        Assert.True((await jobs.TryMarkRunningAsync(launch.JobId, 1, "asr", default)).Applied);
        Assert.True((await jobs.TryMarkSucceededAsync(launch.JobId, 1, [$"results/{launch.JobId}/summary.json"], new Dictionary<string, double>(), "upload", default)).Applied);
        Assert.True(await claims.TryMarkProcessedAsync(key, launch.JobId, 1, $"results/{launch.JobId}/summary.json", default));

        var result = await router.DispatchBatchAsync([StopEvent(launch, exitCode: 0)], default);

        Assert.Equal(DispatchOutcomeKind.Ignored, result.Messages[0].Records[0].Kind);
        Assert.Single(launcher.Launches);
        Assert.Equal(JobStatus.Succeeded, (await Job(launch.JobId))!.Status);
    }

    [Fact]
    public async Task An_overwritten_object_ends_the_old_job_as_source_changed_instead_of_relaunching()
    {
        var launch = await LaunchFirstAttemptAsync();
        objects.Put(Bucket, Key, "etag-2");

        await router.DispatchBatchAsync([StopEvent(launch, exitCode: 137)], default);

        var job = await Job(launch.JobId);
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.StartsWith("source_changed", job.Error, StringComparison.Ordinal);
        Assert.Single(launcher.Launches);
    }

    [Fact]
    public async Task A_retrying_job_whose_object_changed_ends_as_source_changed_without_waiting_for_its_retry()
    {
        // A lease shorter than the backoff, so the sweeper sees the job while its retry is still due later.
        var shortLease = Policy with { LeaseDuration = TimeSpan.FromSeconds(6) };
        var shortClaims = new InMemoryIdempotencyStore(shortLease, clock);
        var recovery = new AttemptRecovery(Options, shortLease, objects, shortClaims, jobs, launcher, clock, NullLogger.Instance);
        var shortSweeper = new StaleWorkSweeper(new InMemoryRecoveryIndex(shortClaims, jobs), recovery, shortClaims, jobs, new SweeperOptions { TaskTimeout = Options.TaskTimeout, UploadsBucket = Bucket }, clock, NullLogger<StaleWorkSweeper>.Instance);
        var shortDispatcher = new UploadDispatcher(Options, shortLease, objects, shortClaims, jobs, launcher, clock, NullLogger<UploadDispatcher>.Instance);
        launcher.FailNext(1);
        var dispatched = await shortDispatcher.DispatchBatchAsync([Upload("m1")], default);
        var jobId = dispatched.Messages[0].Records[0].JobId!;
        var retrying = (await Job(jobId))!;
        Assert.Equal(JobStatus.Retrying, retrying.Status);
        Assert.True(retrying.RetryAt > clock.GetUtcNow() + TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(JobStatus.Retrying, (await Job(jobId))!.Status);
        await shortSweeper.SweepAsync(default);
        Assert.Equal(JobStatus.Retrying, (await Job(jobId))!.Status);

        objects.Put(Bucket, Key, "etag-2");
        await shortSweeper.SweepAsync(default);

        var job = (await Job(jobId))!;
        Assert.True(job.RetryAt is null || clock.GetUtcNow() < retrying.RetryAt, "ended before the retry was due");
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith("source_changed", job.Error, StringComparison.Ordinal);
        Assert.Empty(launcher.Launches);
    }

    [Fact]
    public async Task Dispatcher_crash_between_claim_and_launch_is_redriven_by_the_sweeper_after_the_lease()
    {
        // The crash: the claim and the job were written, RunTask never ran, the redelivery saw a live lease.
        var key = new IdempotencyKey(Key, "etag-1");
        var claim = Assert.IsType<ClaimOutcome.Claimed>(await claims.TryClaimAsync(key, "job-crash", default));
        await jobs.TryCreateAsync(new JobRecord { JobId = "job-crash", S3Bucket = Bucket, S3Key = Key, ETag = "etag-1", Status = JobStatus.Queued, CreatedAt = clock.GetUtcNow(), UpdatedAt = clock.GetUtcNow() }, default);
        var redelivery = await router.DispatchBatchAsync([Upload("m1")], default);
        Assert.Equal(DispatchOutcomeKind.InProgress, redelivery.Messages[0].Records[0].Kind);

        Assert.Equal(0, (await sweeper.SweepAsync(default)).Relaunched);
        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));
        var report = await sweeper.SweepAsync(default);

        Assert.Equal(1, report.Relaunched);
        var launch = Assert.Single(launcher.Launches);
        Assert.Equal(("job-crash", claim.Attempt + 1), (launch.JobId, launch.Attempt));
        Assert.Equal(JobStatus.Dispatched, (await Job("job-crash"))!.Status);

        // A second sweep right after finds a live lease again: nothing more.
        Assert.Equal(0, (await sweeper.SweepAsync(default)).Relaunched);
    }

    [Fact]
    public async Task A_claim_whose_job_was_never_written_gets_its_job_created_by_the_sweeper()
    {
        var key = new IdempotencyKey(Key, "etag-1");
        await claims.TryClaimAsync(key, "job-orphan", default);
        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));

        await sweeper.SweepAsync(default);

        var job = await Job("job-orphan");
        Assert.Equal(JobStatus.Dispatched, job!.Status);
        Assert.Equal(Bucket, job.S3Bucket);
        Assert.Single(launcher.Launches);
    }

    [Fact]
    public async Task A_lost_stop_event_is_covered_by_the_sweeper_and_counts_against_max_attempts()
    {
        var launch = await LaunchFirstAttemptAsync();
        for (var attempt = 1; attempt <= Policy.MaxAttempts; attempt++)
        {
            clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));
            await sweeper.SweepAsync(default);
        }

        Assert.Equal(3, launcher.Launches.Count);
        var job = await Job(launch.JobId);
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.StartsWith("gave up after 3 attempt(s)", job.Error, StringComparison.Ordinal);
        Assert.Contains("the lease of attempt 3", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_relaunch_is_retried_by_the_sweeper()
    {
        var launch = await LaunchFirstAttemptAsync();
        launcher.FailNext(1);
        await router.DispatchBatchAsync([StopEvent(launch, exitCode: 143)], default);
        Assert.Single(launcher.Launches);
        Assert.Equal(JobStatus.Retrying, (await Job(launch.JobId))!.Status);

        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));
        var report = await sweeper.SweepAsync(default);

        Assert.Equal(1, report.Relaunched);
        Assert.Equal(3, launcher.Launches.Last().Attempt);
    }

    [Fact]
    public async Task A_confirm_job_whose_version_is_processed_by_another_job_is_settled_as_superseded()
    {
        var now = clock.GetUtcNow();
        await jobs.TryCreateAsync(new JobRecord { JobId = "confirm-1", S3Bucket = Bucket, S3Key = Key, Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now }, default);
        await claims.TryClaimAsync(new IdempotencyKey(Key, "etag-1"), "event-job", default);
        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));

        await sweeper.SweepAsync(default);

        var job = await Job("confirm-1");
        Assert.Equal(JobStatus.Failed, job!.Status);
        Assert.Contains("processed as job event-job", job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranded_unclaimed_confirm_job_is_dispatched_only_after_the_task_timeout_plus_lease()
    {
        var now = clock.GetUtcNow();
        await jobs.TryCreateAsync(new JobRecord { JobId = "confirm-2", S3Bucket = Bucket, S3Key = Key, Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now }, default);

        clock.Advance(Policy.LeaseDuration + TimeSpan.FromSeconds(1));
        await sweeper.SweepAsync(default);
        Assert.Empty(launcher.Launches);

        clock.Advance(Options.TaskTimeout);
        await sweeper.SweepAsync(default);

        var launch = Assert.Single(launcher.Launches);
        Assert.Equal(("confirm-2", 1), (launch.JobId, launch.Attempt));
    }

    [Fact]
    public async Task A_scheduled_event_on_the_queue_runs_a_sweep()
    {
        var sweep = new QueueMessage("s1", JsonSerializer.Serialize(new Dictionary<string, object> { ["source"] = "aws.events", ["detail-type"] = "Scheduled Event", ["detail"] = new { } }));

        var result = await router.DispatchBatchAsync([sweep, Upload("m1")], default);

        Assert.Equal(2, result.Messages.Count);
        Assert.StartsWith("sweep:", result.Messages[0].Records[0].Reason, StringComparison.Ordinal);
        Assert.Equal(DispatchOutcomeKind.Launched, result.Messages[1].Records[0].Kind);
    }
}
