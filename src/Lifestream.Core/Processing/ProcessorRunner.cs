using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// One processor task's lifecycle: claim → running (fenced by the claim attempt) → download → pipeline
/// → upload results → job succeeded → claim processed. Any failure ends in a failure report, job
/// failed/timed_out/interrupted and claim failed. The work directory is deleted on every path.
/// Job records are written only while this attempt owns the claim, so a late or duplicate task can
/// never overwrite a newer run.
/// </summary>
public sealed class ProcessorRunner
{
    /// <summary>
    /// Statuses this task may move the job out of. The claim attempt is the fencing token: once this attempt owns
    /// the claim, a failed/timed_out/interrupted status left by an earlier attempt is stale, and the dispatcher may
    /// record "dispatched" after this task already started. Succeeded and rejected are never overwritten.
    /// </summary>
    internal static readonly JobStatus[] StartableStatuses =
        [JobStatus.Queued, JobStatus.Dispatched, JobStatus.Running, JobStatus.Failed, JobStatus.TimedOut, JobStatus.Interrupted];

    private readonly ProcessorSettings settings;
    private readonly IJobStore jobs;
    private readonly IIdempotencyStore claims;
    private readonly IObjectStore objects;
    private readonly IVideoPipeline pipeline;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly IDiskSpaceProbe disk;

    public ProcessorRunner(
        ProcessorSettings settings,
        IJobStore jobs,
        IIdempotencyStore claims,
        IObjectStore objects,
        IVideoPipeline pipeline,
        ILogger logger,
        TimeProvider? time = null,
        IDiskSpaceProbe? disk = null)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.objects = objects ?? throw new ArgumentNullException(nameof(objects));
        this.pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.time = time ?? TimeProvider.System;
        this.disk = disk ?? new DriveDiskSpaceProbe();
    }

    /// <summary>Runs the job. <paramref name="stopToken"/> is the SIGTERM signal; the deadline is enforced here.</summary>
    public async Task<ProcessorOutcome> RunAsync(CancellationToken stopToken)
    {
        using var deadline = new CancellationTokenSource(settings.TaskTimeout, time);
        using var leaseLost = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopToken, deadline.Token, leaseLost.Token);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(work.Token);
        var token = work.Token;

        var run = new RunState(new JobProgressRecorder(jobs, settings.JobId, ProcessorStages.Claim, time, logger, token));
        Task heartbeat = Task.CompletedTask;
        try
        {
            if (await TryTakeClaimAsync(token) is { } notOurs)
            {
                return notOurs;
            }

            run.OwnsClaim = true;
            heartbeat = new ClaimLeaseHeartbeat(claims, time, logger)
                .RunAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, settings.LeaseRenewInterval, leaseLost.Cancel, heartbeatStop.Token);

            var started = await jobs.TryTransitionAsync(
                settings.JobId,
                StartableStatuses,
                new JobUpdate { Status = JobStatus.Running, CurrentStage = ProcessorStages.Download, UpdatedAt = time.GetUtcNow() },
                token);
            if (started is null)
            {
                throw new JobStateConflictException($"Job {settings.JobId} is missing, succeeded or rejected; this task will not run it.");
            }

            logger.LogInformation("Job {JobId} attempt {Attempt} running for s3://{Bucket}/{Key}.", settings.JobId, settings.ClaimAttempt, settings.S3Bucket, settings.S3Key);
            run.Workspace = JobWorkspace.Create(settings.WorkDir, settings.JobId, settings.ClaimAttempt);

            var request = new PipelineRequest
            {
                JobId = settings.JobId,
                MediaPath = run.Workspace.InputPathFor(settings.S3Key),
                Source = new MediaSource { S3Bucket = settings.S3Bucket, S3Key = settings.S3Key, ETag = settings.ETag },
                WorkDirectory = run.Workspace.ScratchDirectory,
                OutputDirectory = run.Workspace.OutputDirectory,
            };
            var result = settings.StreamingIntake && pipeline is IStreamingVideoPipeline streaming
                ? await DownloadWhileStreamingAsync(run, streaming, request, token)
                : await DownloadThenRunAsync(run, request, token);
            run.Recorder.MergeTimings(result.StageTimings);

            var resultKeys = await StageAsync(run, ProcessorStages.Upload, () => UploadResultsAsync(run.Workspace, token));

            // Results are in place: finish the bookkeeping even if a stop arrives now (bounded by its own budget).
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await run.Recorder.StopAsync();
            return await FinishSucceededAsync(run, resultKeys, result.Warnings);
        }
        catch (Exception ex)
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await run.Recorder.StopAsync();
            return await FinishUnsuccessfulAsync(run, ex, stopToken, deadline.Token, leaseLost.Token);
        }
        finally
        {
            run.Workspace?.Dispose();
        }
    }

    /// <summary>Takes the claim (dispatched → running). Returns an outcome when this task must not work.</summary>
    private async Task<ProcessorOutcome?> TryTakeClaimAsync(CancellationToken token)
    {
        if (await claims.TryMarkRunningAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, token))
        {
            return null;
        }

        var claim = await claims.GetAsync(settings.ClaimKey, token);
        if (claim?.State == ClaimState.Processed)
        {
            logger.LogInformation("Claim {Key} is already processed (result {Result}); nothing to do.", settings.ClaimKey, claim.ResultS3Key);
            return new ProcessorOutcome(ProcessorExitCode.Success, null, $"Already processed: {claim.ResultS3Key}");
        }

        var holder = claim is null ? "nobody (no claim record)" : $"job {claim.JobId} attempt {claim.Attempt} ({claim.State.ToWire()})";
        logger.LogWarning("Job {JobId} attempt {Attempt} does not own claim {Key}; it is held by {Holder}. Exiting without changes.", settings.JobId, settings.ClaimAttempt, settings.ClaimKey, holder);
        return new ProcessorOutcome(ProcessorExitCode.ClaimNotOwned, null, $"Claim not owned by attempt {settings.ClaimAttempt}: held by {holder}.");
    }

    private async Task<T> StageAsync<T>(RunState run, string stage, Func<Task<T>> body)
    {
        run.Recorder.Report(new StageProgress(stage, StageState.Started, TimeSpan.Zero));
        var started = time.GetTimestamp();
        var value = await body();
        run.Recorder.Report(new StageProgress(stage, StageState.Completed, time.GetElapsedTime(started)));
        return value;
    }

    private async Task<PipelineResult> DownloadThenRunAsync(RunState run, PipelineRequest request, CancellationToken token)
    {
        await StageAsync(run, ProcessorStages.Download, async () =>
        {
            var head = await CheckSourceAsync(run.Workspace!, token);
            await DownloadVerifiedAsync(head, request.MediaPath, token);
            return true;
        });
        return await StageAsync(run, ProcessorStages.Pipeline, () => pipeline.RunAsync(request, run.Recorder, token));
    }

    /// <summary>
    /// Streaming intake: the pipeline starts on a presigned URL while the download runs beside it. A failed
    /// download is the root cause of whatever the pipeline saw, so it wins and is blamed on "download".
    /// </summary>
    private async Task<PipelineResult> DownloadWhileStreamingAsync(RunState run, IStreamingVideoPipeline streaming, PipelineRequest request, CancellationToken token)
    {
        run.Recorder.Report(new StageProgress(ProcessorStages.Download, StageState.Started, TimeSpan.Zero));
        var head = await CheckSourceAsync(run.Workspace!, token);
        using var downloadCancel = CancellationTokenSource.CreateLinkedTokenSource(token);
        var started = time.GetTimestamp();
        var download = Task.Run(
            async () =>
            {
                await DownloadVerifiedAsync(head, request.MediaPath, downloadCancel.Token);
                run.Recorder.Report(new StageProgress(ProcessorStages.Download, StageState.Completed, time.GetElapsedTime(started)));
                return request.MediaPath;
            },
            CancellationToken.None);
        var intake = new StreamingIntake
        {
            Url = objects.GetPresignedReadUrl(settings.S3Bucket, settings.S3Key, settings.TaskTimeout),
            LocalFileReady = download,
        };

        try
        {
            var result = await StageAsync(run, ProcessorStages.Pipeline, () => streaming.RunStreamingAsync(request, intake, run.Recorder, token));
            await download;
            return result;
        }
        catch (Exception) when (!download.IsCompletedSuccessfully)
        {
            await downloadCancel.CancelAsync();
            try
            {
                await download;
            }
            catch (Exception downloadError) when (downloadError is not OperationCanceledException)
            {
                run.FailedStage = ProcessorStages.Download;
                throw;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Deadline, SIGTERM or lost lease before the object was down: every stage was waiting on its
                // bytes, so the run is reported at "download", as it is without streaming intake.
                run.FailedStage = ProcessorStages.Download;
            }
            catch (OperationCanceledException)
            {
                // Cancelled because the pipeline failed: the pipeline's exception is the story.
            }

            throw;
        }
    }

    /// <summary>The object must exist with the claimed ETag, and fit on the disk.</summary>
    private async Task<ObjectMetadata> CheckSourceAsync(JobWorkspace workspace, CancellationToken token)
    {
        var head = await objects.HeadAsync(settings.S3Bucket, settings.S3Key, token)
            ?? throw new ObjectNotFoundException(settings.S3Bucket, settings.S3Key);
        if (!string.Equals(IdempotencyKey.NormalizeETag(head.ETag), settings.ETag, StringComparison.Ordinal))
        {
            throw new SourceObjectChangedException(
                $"s3://{settings.S3Bucket}/{settings.S3Key} now has ETag {head.ETag}, but this task was launched for ETag {settings.ETag}; the newer upload gets its own job.");
        }

        if (settings.Limits.CheckObjectSize(head.SizeBytes) is { } tooLarge)
        {
            throw new UploadLimitExceededException(tooLarge);
        }

        var required = settings.Limits.DiskNeed(head.SizeBytes);
        var available = disk.GetAvailableBytes(workspace.Root);
        if (available < required)
        {
            throw new InsufficientDiskSpaceException(required, available);
        }

        return head;
    }

    private async Task DownloadVerifiedAsync(ObjectMetadata head, string localPath, CancellationToken token)
    {
        await objects.DownloadToFileAsync(settings.S3Bucket, settings.S3Key, localPath, token);
        var downloaded = new FileInfo(localPath);
        if (!downloaded.Exists || downloaded.Length != head.SizeBytes)
        {
            throw new IncompleteDownloadException(
                $"Downloaded {(downloaded.Exists ? downloaded.Length : 0)} bytes of s3://{settings.S3Bucket}/{settings.S3Key}, expected {head.SizeBytes}.");
        }

        logger.LogInformation("Downloaded {Bytes} bytes for job {JobId}.", head.SizeBytes, settings.JobId);
    }

    private async Task<IReadOnlyList<string>> UploadResultsAsync(JobWorkspace workspace, CancellationToken token)
    {
        if (!File.Exists(Path.Combine(workspace.OutputDirectory, ResultDocuments.Summary)))
        {
            throw new ResultUploadException($"The pipeline finished without writing {ResultDocuments.Summary}; nothing to publish.");
        }

        return await new ResultUploader(objects).UploadDirectoryAsync(settings.S3Bucket, workspace.OutputDirectory, settings.ResultsKeyPrefix, token);
    }

    private async Task<ProcessorOutcome> FinishSucceededAsync(RunState run, IReadOnlyList<string> resultKeys, IReadOnlyList<string> warnings)
    {
        using var bookkeeping = new CancellationTokenSource(settings.BookkeepingTimeout, time);
        var token = bookkeeping.Token;
        var summaryKey = settings.ResultsKeyPrefix + ResultDocuments.Summary;

        // Fence the terminal job write: a lease lost since the last heartbeat means a newer attempt owns the job.
        if (!await claims.TryRenewLeaseAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, token))
        {
            return new ProcessorOutcome(ProcessorExitCode.ClaimNotOwned, null, "Claim lost before the job could be marked succeeded; results were uploaded but not recorded.");
        }

        var job = await jobs.TryTransitionAsync(
            settings.JobId,
            StartableStatuses,
            new JobUpdate
            {
                Status = JobStatus.Succeeded,
                CurrentStage = ProcessorStages.Finalize,
                ResultKeys = resultKeys,
                StageTimings = run.Recorder.Timings,
                UpdatedAt = time.GetUtcNow(),
            },
            token);
        if (job is null)
        {
            logger.LogWarning("Job {JobId} was no longer running when marking it succeeded.", settings.JobId);
        }

        if (!await claims.TryMarkProcessedAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, summaryKey, token))
        {
            logger.LogWarning("Claim {Key} was no longer owned when marking it processed.", settings.ClaimKey);
        }

        foreach (var warning in warnings)
        {
            logger.LogWarning("Pipeline warning for job {JobId}: {Warning}", settings.JobId, warning);
        }

        logger.LogInformation("Job {JobId} succeeded: {Count} documents under {Prefix}.", settings.JobId, resultKeys.Count, settings.ResultsKeyPrefix);
        return new ProcessorOutcome(ProcessorExitCode.Success, JobStatus.Succeeded, $"Succeeded: {summaryKey}") { ResultKeys = resultKeys };
    }

    private async Task<ProcessorOutcome> FinishUnsuccessfulAsync(
        RunState run, Exception exception, CancellationToken stopToken, CancellationToken deadlineToken, CancellationToken leaseLostToken)
    {
        var stage = run.FailedStage
            ?? (exception is PipelineException { Stage: not "unknown" } pe ? pe.Stage : run.Recorder.CurrentStage);
        var (exitCode, status, errorType, message) = Classify(exception, stage, stopToken, deadlineToken, leaseLostToken);

        if (exitCode == ProcessorExitCode.ClaimNotOwned || !run.OwnsClaim)
        {
            // Without the claim this task may write nothing but its own (fenced) claim state, if at all.
            logger.LogError("Job {JobId} attempt {Attempt} stopped without owning the claim: {ErrorType}: {Message}", settings.JobId, settings.ClaimAttempt, errorType, message);
            if (run.OwnsClaim is false && exitCode != ProcessorExitCode.ClaimNotOwned)
            {
                await TryMarkClaimFailedAsync($"{status.ToWire()} at {stage}: {errorType}: {message}");
            }

            return new ProcessorOutcome(exitCode, null, $"{errorType}: {message}");
        }

        logger.LogError("Job {JobId} ends {Status} at stage {Stage}: {ErrorType}: {Message}", settings.JobId, status.ToWire(), stage, errorType, message);
        if (exitCode == ProcessorExitCode.Failed)
        {
            logger.LogDebug("Failure detail: {Exception}", SecretRedactor.Redact(exception.ToString()));
        }

        using var bookkeeping = new CancellationTokenSource(settings.BookkeepingTimeout, time);
        var token = bookkeeping.Token;
        var report = new FailureReport
        {
            JobId = settings.JobId,
            Attempt = settings.ClaimAttempt,
            S3Bucket = settings.S3Bucket,
            S3Key = settings.S3Key,
            ETag = settings.ETag,
            Outcome = status.ToWire(),
            Stage = stage,
            ErrorType = errorType,
            Message = message,
            Causes = FailureReport.CausesOf(exception),
            StageTimings = run.Recorder.Timings,
            ExitCode = (int)exitCode,
            OccurredAt = time.GetUtcNow(),
        };

        var reportKey = await TryUploadFailureReportAsync(run, report, token);
        var reason = SecretRedactor.RedactAndTruncate($"{stage}: {errorType}: {message}");
        try
        {
            if (await claims.TryRenewLeaseAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, token))
            {
                var job = await jobs.TryTransitionAsync(
                    settings.JobId,
                    StartableStatuses,
                    new JobUpdate
                    {
                        Status = status,
                        CurrentStage = stage,
                        Error = reason,
                        ResultKeys = reportKey is null ? null : [reportKey],
                        StageTimings = report.StageTimings,
                        UpdatedAt = time.GetUtcNow(),
                    },
                    token);
                if (job is null)
                {
                    logger.LogWarning("Job {JobId} was no longer startable/running when marking it {Status}.", settings.JobId, status.ToWire());
                }
            }
            else
            {
                logger.LogWarning("Claim {Key} lost before recording the failure; leaving the job to its new owner.", settings.ClaimKey);
            }
        }
        catch (Exception ex)
        {
            logger.LogError("Recording job {JobId} as {Status} failed: {Error}", settings.JobId, status.ToWire(), SecretRedactor.Redact(ex.Message));
        }

        if (status == JobStatus.Rejected)
        {
            // Permanent: the version is done, with the failure report as its result; a redelivery answers "already processed".
            await TryMarkClaimProcessedAsync(reportKey ?? settings.ResultsKeyPrefix + FailureReport.FileName, token);
        }
        else
        {
            await TryMarkClaimFailedAsync(reason, token);
        }

        return new ProcessorOutcome(exitCode, status, reason);
    }

    private (ProcessorExitCode ExitCode, JobStatus Status, string ErrorType, string Message) Classify(
        Exception exception, string stage, CancellationToken stopToken, CancellationToken deadlineToken, CancellationToken leaseLostToken)
    {
        // Cancellation wins over whatever exception it caused (a killed ffmpeg surfaces as a stage error).
        if (stopToken.IsCancellationRequested)
        {
            return (ProcessorExitCode.Interrupted, JobStatus.Interrupted, "Interrupted", $"Stopped by SIGTERM during stage '{stage}'.");
        }

        if (deadlineToken.IsCancellationRequested)
        {
            return (ProcessorExitCode.TimedOut, JobStatus.TimedOut, "TaskTimeout",
                $"Exceeded TASK_TIMEOUT_SECONDS={settings.TaskTimeout.TotalSeconds:0} during stage '{stage}'.");
        }

        if (leaseLostToken.IsCancellationRequested)
        {
            return (ProcessorExitCode.ClaimNotOwned, JobStatus.Failed, "ClaimLost", $"The claim lease was lost during stage '{stage}'; another attempt owns the job.");
        }

        if (UploadLimitExceededException.FindIn(exception) is { } overLimit)
        {
            return (ProcessorExitCode.Rejected, JobStatus.Rejected, "LimitExceeded", overLimit.Message);
        }

        return (ProcessorExitCode.Failed, JobStatus.Failed, exception.GetType().Name, SecretRedactor.RedactAndTruncate(exception.Message));
    }

    private async Task<string?> TryUploadFailureReportAsync(RunState run, FailureReport report, CancellationToken token)
    {
        var key = settings.ResultsKeyPrefix + FailureReport.FileName;
        var directory = run.Workspace?.Root ?? settings.WorkDir;
        var path = Path.Combine(directory, $"{FailureReport.FileName}.{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllTextAsync(path, report.ToJson(), token);
            await objects.UploadFileAsync(settings.S3Bucket, key, path, ContentTypes.ForFile(FailureReport.FileName), token);
            return key;
        }
        catch (Exception ex)
        {
            logger.LogError("Uploading the failure report for job {JobId} failed: {Error}", settings.JobId, SecretRedactor.Redact(ex.Message));
            return null;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task TryMarkClaimProcessedAsync(string resultKey, CancellationToken token)
    {
        try
        {
            if (!await claims.TryMarkProcessedAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, resultKey, token))
            {
                logger.LogWarning("Claim {Key} was no longer owned when marking it processed.", settings.ClaimKey);
            }
        }
        catch (Exception ex)
        {
            logger.LogError("Marking claim {Key} processed did not succeed: {Error}", settings.ClaimKey, SecretRedactor.Redact(ex.Message));
        }
    }

    private async Task TryMarkClaimFailedAsync(string reason, CancellationToken token = default)
    {
        using var fallback = token.CanBeCanceled ? null : new CancellationTokenSource(settings.BookkeepingTimeout, time);
        try
        {
            if (!await claims.TryMarkFailedAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, reason, fallback?.Token ?? token))
            {
                logger.LogWarning("Claim {Key} was no longer owned when marking it failed.", settings.ClaimKey);
            }
        }
        catch (Exception ex)
        {
            logger.LogError("Marking claim {Key} failed did not succeed: {Error}", settings.ClaimKey, SecretRedactor.Redact(ex.Message));
        }
    }

    private sealed class RunState(JobProgressRecorder recorder)
    {
        public JobProgressRecorder Recorder { get; } = recorder;

        public bool OwnsClaim { get; set; }

        public JobWorkspace? Workspace { get; set; }

        /// <summary>Set when the stage to blame is not the one that started last (a background download).</summary>
        public string? FailedStage { get; set; }
    }
}
