using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// The end of an attempt, on a budget of its own (<see cref="ProcessorSettings.BookkeepingTimeout"/>) so that it
/// also runs after SIGTERM or the deadline. Success: job succeeded, then claim processed — each write retried until
/// it lands (results are already published; this path never turns into a failure). Failure: the cause is classified,
/// <see cref="RetryPolicy"/> decides retry or give-up, the claim is fenced before the failure report is published,
/// and <see cref="AttemptFailureRecorder"/> writes claim and job.
/// </summary>
internal sealed class AttemptFinalizer
{
    private readonly ProcessorSettings settings;
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly ResultPublisher publisher;
    private readonly AttemptFailureRecorder failures;
    private readonly ProcessorFailureClassifier classifier;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public AttemptFinalizer(
        ProcessorSettings settings, IIdempotencyStore claims, IJobStore jobs, ResultPublisher publisher, ProcessorFailureClassifier classifier, TimeProvider time, ILogger logger)
    {
        this.classifier = classifier;
        this.settings = settings;
        this.claims = claims;
        this.jobs = jobs;
        this.publisher = publisher;
        this.time = time;
        this.logger = logger;
        failures = new AttemptFailureRecorder(claims, jobs, RetryPolicy.For(settings.ClaimPolicy), time);
    }

    public async Task<ProcessorOutcome> SucceedAsync(AttemptRun run, IReadOnlyList<string> resultKeys, IReadOnlyList<string> warnings)
    {
        using var bookkeeping = new CancellationTokenSource(settings.BookkeepingTimeout, time);
        var summaryKey = settings.ResultsKeyPrefix + ResultDocuments.Summary;
        try
        {
            var job = await RetryAsync(
                token => jobs.TryMarkSucceededAsync(settings.JobId, settings.ClaimAttempt, resultKeys, run.Recorder.Timings, ProcessorStages.Finalize, token),
                "marking the job succeeded",
                bookkeeping.Token);
            if (!job.Applied)
            {
                logger.LogWarning("Job {JobId} not marked succeeded: {Refusal}.", settings.JobId, job.Refusal);
            }

            var processed = await RetryAsync(
                token => claims.TryMarkProcessedAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, summaryKey, token),
                "marking the claim processed",
                bookkeeping.Token);
            if (!processed)
            {
                logger.LogWarning("Claim {Key} was no longer owned when marking it processed.", settings.ClaimKey);
            }
        }
        catch (OperationCanceledException) when (bookkeeping.IsCancellationRequested)
        {
            // Published but not recorded: the claim keeps its lease; the task-stop reconciliation or the sweeper
            // re-drives the attempt, which republishes the same documents. Never reported as a failure here.
            logger.LogError("Job {JobId}: results are published but the bookkeeping did not finish within {Budget}.", settings.JobId, settings.BookkeepingTimeout);
            return new ProcessorOutcome(ProcessorExitCode.Failed, null, $"Results published under {settings.ResultsKeyPrefix}; recording them did not finish.") { ResultKeys = resultKeys };
        }

        foreach (var warning in warnings)
        {
            logger.LogWarning("Pipeline warning for job {JobId}: {Warning}", settings.JobId, warning);
        }

        logger.LogInformation("Job {JobId} succeeded: {Count} documents under {Prefix}.", settings.JobId, resultKeys.Count, settings.ResultsKeyPrefix);
        return new ProcessorOutcome(ProcessorExitCode.Success, JobStatus.Succeeded, $"Succeeded: {summaryKey}") { ResultKeys = resultKeys };
    }

    /// <summary>Results were not published because the fence failed: a newer attempt owns the job.</summary>
    public static ProcessorOutcome FencedOff() =>
        new(ProcessorExitCode.ClaimNotOwned, null, "Claim lost before publishing; nothing was written under the job's results.");

    public async Task<ProcessorOutcome> FailAsync(AttemptRun run, Exception exception, CancellationToken stopToken, CancellationToken deadlineToken, CancellationToken leaseLostToken)
    {
        var stage = run.FailedStage
            ?? (exception is PipelineException { Stage: not "unknown" } pe ? pe.Stage : run.Recorder.CurrentStage);
        var (exitCode, cause, errorType, message) = Classify(exception, stage, stopToken, deadlineToken, leaseLostToken);
        var reason = SecretRedactor.RedactAndTruncate($"{stage}: {errorType}: {message}");
        if (exitCode == ProcessorExitCode.ClaimNotOwned)
        {
            logger.LogError("Job {JobId} attempt {Attempt} stopped without owning the claim: {ErrorType}: {Message}", settings.JobId, settings.ClaimAttempt, errorType, message);
            return new ProcessorOutcome(exitCode, null, $"{errorType}: {message}");
        }

        var decision = failures.Policy.Decide(cause, settings.ClaimAttempt, reason);
        if (decision.JobStatus == JobStatus.Rejected)
        {
            // The upload itself is refused (a limit, the disk need): its own exit code, like the status.
            exitCode = ProcessorExitCode.Rejected;
        }

        logger.LogError(
            "Job {JobId} attempt {Attempt} failed at stage {Stage} ({Cause}): {ErrorType}: {Message}; {Decision}",
            settings.JobId,
            settings.ClaimAttempt,
            stage,
            cause,
            errorType,
            message,
            decision is RetryDecision.RetryAfter after ? $"retry after {after.Delay}" : $"job ends {decision.JobStatus.ToWire()}");
        if (exitCode == ProcessorExitCode.Failed)
        {
            logger.LogDebug("Failure detail: {Exception}", SecretRedactor.Redact(exception.ToString()));
        }

        using var bookkeeping = new CancellationTokenSource(settings.BookkeepingTimeout, time);
        var token = bookkeeping.Token;
        var failed = new FailedAttempt { Cause = cause, Reason = reason, Stage = stage, StageTimings = run.Recorder.Timings };
        try
        {
            if (!run.OwnsClaim)
            {
                // Never took the claim (its store failed): free it for the next attempt; the job is not ours to write.
                if (!await RetryAsync(t => claims.TryMarkFailedAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, reason, t), "releasing the claim", token))
                {
                    logger.LogWarning("Claim {Key} was no longer owned when releasing it.", settings.ClaimKey);
                }

                return new ProcessorOutcome(exitCode, null, reason);
            }

            {
                // The fence comes before the report: a zombie attempt must not drop a report beside the new owner's results.
                if (!await RetryAsync(publisher.FenceAsync, "renewing the claim before recording the failure", token))
                {
                    logger.LogWarning("Claim {Key} lost before recording the failure; leaving the job to its new owner.", settings.ClaimKey);
                    return new ProcessorOutcome(exitCode, null, reason);
                }

                var report = Report(run, exception, decision, stage, errorType, message, exitCode);
                var reportKey = await TryPublishReportAsync(run, report, decision is RetryDecision.GiveUp, token);
                failed = failed with { ResultKeys = reportKey is null ? null : [reportKey] };
            }

            var recorded = await RetryAsync(token => failures.RecordAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, failed, decision, token), "recording the failure", token);
            if (!recorded.OwnedClaim)
            {
                logger.LogWarning("Claim {Key} was no longer owned when recording the failure.", settings.ClaimKey);
                return new ProcessorOutcome(exitCode, null, reason);
            }

            if (recorded.Job is { Applied: false } refused)
            {
                logger.LogWarning("Job {JobId} not marked {Status}: {Refusal}.", settings.JobId, decision.JobStatus.ToWire(), refused.Refusal);
            }

            return new ProcessorOutcome(exitCode, decision.JobStatus, decision.Reason);
        }
        catch (OperationCanceledException) when (bookkeeping.IsCancellationRequested)
        {
            logger.LogError("Recording the failure of job {JobId} did not finish within {Budget}; the reconciler or the sweeper completes it.", settings.JobId, settings.BookkeepingTimeout);
            return new ProcessorOutcome(exitCode, null, reason);
        }
    }

    private (ProcessorExitCode ExitCode, FailureCause Cause, string ErrorType, string Message) Classify(
        Exception exception, string stage, CancellationToken stopToken, CancellationToken deadlineToken, CancellationToken leaseLostToken)
    {
        // Cancellation wins over whatever exception it caused (a killed ffmpeg surfaces as a stage error).
        if (stopToken.IsCancellationRequested)
        {
            return (ProcessorExitCode.Interrupted, FailureCause.Interrupted, "Interrupted", $"Stopped by SIGTERM during stage '{stage}'.");
        }

        if (deadlineToken.IsCancellationRequested)
        {
            return (ProcessorExitCode.TimedOut, FailureCause.TimedOut, "TaskTimeout",
                $"Exceeded TASK_TIMEOUT_SECONDS={settings.TaskTimeout.TotalSeconds:0} during stage '{stage}'.");
        }

        if (leaseLostToken.IsCancellationRequested)
        {
            return (ProcessorExitCode.ClaimNotOwned, FailureCause.TaskCrashed, "ClaimLost", $"The claim lease was lost during stage '{stage}'; another attempt owns the job.");
        }

        if (UploadLimitExceededException.FindIn(exception) is { } overLimit)
        {
            return (ProcessorExitCode.Rejected, FailureCause.OverLimits, "LimitExceeded", overLimit.Message);
        }

        return (ProcessorExitCode.Failed, classifier.Classify(exception), exception.GetType().Name, SecretRedactor.RedactAndTruncate(exception.Message));
    }

    private FailureReport Report(AttemptRun run, Exception exception, RetryDecision decision, string stage, string errorType, string message, ProcessorExitCode exitCode) => new()
    {
        JobId = settings.JobId,
        Attempt = settings.ClaimAttempt,
        S3Bucket = settings.S3Bucket,
        S3Key = settings.S3Key,
        ETag = settings.ETag,
        Outcome = decision.JobStatus.ToWire(),
        Cause = decision.Cause.ToString(),
        Stage = stage,
        ErrorType = errorType,
        Message = message,
        Causes = FailureReport.CausesOf(exception),
        StageTimings = run.Recorder.Timings,
        ExitCode = (int)exitCode,
        OccurredAt = time.GetUtcNow(),
    };

    private async Task<string?> TryPublishReportAsync(AttemptRun run, FailureReport report, bool terminal, CancellationToken token)
    {
        // The report may use half the budget: the claim and job writes after it matter more.
        using var share = CancellationTokenSource.CreateLinkedTokenSource(token);
        share.CancelAfter(settings.BookkeepingTimeout / 2);
        try
        {
            return await RetryAsync(
                t => publisher.PublishFailureReportAsync(report, terminal, run.Workspace?.Root ?? settings.WorkDir, t),
                "uploading the failure report",
                share.Token);
        }
        catch (OperationCanceledException) when (share.IsCancellationRequested)
        {
            logger.LogError("Uploading the failure report for job {JobId} did not finish.", settings.JobId);
            return null;
        }
    }

    private Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> write, string what, CancellationToken budget) =>
        Bookkeeping.RetryAsync(
            write,
            time,
            ex => logger.LogWarning("Job {JobId}: {What} failed; retrying: {Error}", settings.JobId, what, SecretRedactor.Redact(ex.Message)),
            budget);
}
