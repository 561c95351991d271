using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// One processor attempt: intake (<see cref="AttemptIntake"/>: claim → running, fenced by the attempt; job running),
/// the run (<see cref="PipelineRun"/> with <see cref="SourceIntake"/>: exactly the claimed object version, then the
/// pipeline), publication (<see cref="ResultPublisher"/>: fenced) and finalisation (<see cref="AttemptFinalizer"/>:
/// job and claim, or the failure with its retry decision). This class owns the cancellation sources (SIGTERM,
/// deadline, lost lease), the lease heartbeat and the workspace, which is deleted on every path.
/// </summary>
public sealed class ProcessorRunner
{
    private readonly ProcessorSettings settings;
    private readonly IJobStore jobs;
    private readonly IIdempotencyStore claims;
    private readonly ILogger logger;
    private readonly TimeProvider time;
    private readonly AttemptIntake intake;
    private readonly PipelineRun pipelineRun;
    private readonly ResultPublisher publisher;
    private readonly AttemptFinalizer finalizer;

    public ProcessorRunner(
        ProcessorSettings settings,
        IJobStore jobs,
        IIdempotencyStore claims,
        IObjectStore objects,
        IVideoPipeline pipeline,
        ILogger logger,
        TimeProvider? time = null,
        IDiskSpaceProbe? disk = null,
        IFailureClassifier? failures = null)
    {
        this.settings = settings ?? throw new ArgumentNullException(nameof(settings));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        ArgumentNullException.ThrowIfNull(objects);
        ArgumentNullException.ThrowIfNull(pipeline);
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.time = time ?? TimeProvider.System;
        intake = new AttemptIntake(settings, claims, jobs, logger);
        pipelineRun = new PipelineRun(settings, pipeline, new SourceIntake(settings, objects, disk ?? new DriveDiskSpaceProbe(), logger), this.time);
        publisher = new ResultPublisher(settings, objects, claims);
        finalizer = new AttemptFinalizer(settings, claims, jobs, publisher, new ProcessorFailureClassifier(failures), this.time, logger);
    }

    /// <summary>Runs the job. <paramref name="stopToken"/> is the SIGTERM signal; the deadline is enforced here.</summary>
    public async Task<ProcessorOutcome> RunAsync(CancellationToken stopToken)
    {
        using var deadline = new CancellationTokenSource(settings.TaskTimeout, time);
        using var leaseLost = new CancellationTokenSource();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopToken, deadline.Token, leaseLost.Token);
        using var heartbeatStop = CancellationTokenSource.CreateLinkedTokenSource(work.Token);
        var token = work.Token;

        var run = new AttemptRun(new JobProgressRecorder(jobs, settings.JobId, settings.ClaimAttempt, ProcessorStages.Claim, time, logger, token));
        Task heartbeat = Task.CompletedTask;
        async Task StopBackgroundAsync()
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            await run.Recorder.StopAsync();
        }

        IReadOnlyList<string>? resultKeys;
        PipelineResult result;
        try
        {
            if (await intake.TryTakeClaimAsync(token) is { } notOurs)
            {
                await run.Recorder.StopAsync();
                return notOurs;
            }

            run.OwnsClaim = true;
            heartbeat = new ClaimLeaseHeartbeat(claims, time, logger)
                .RunAsync(settings.ClaimKey, settings.JobId, settings.ClaimAttempt, settings.LeaseRenewInterval, leaseLost.Cancel, heartbeatStop.Token);
            await intake.StartJobAsync(token);
            run.Workspace = JobWorkspace.Create(settings.WorkDir, settings.JobId, settings.ClaimAttempt);

            var request = new PipelineRequest
            {
                JobId = settings.JobId,
                MediaPath = run.Workspace.InputPathFor(settings.S3Key),
                Source = new MediaSource { S3Bucket = settings.S3Bucket, S3Key = settings.S3Key, ETag = settings.ETag },
                WorkDirectory = run.Workspace.ScratchDirectory,
                OutputDirectory = run.Workspace.OutputDirectory,
            };
            result = await pipelineRun.RunAsync(run, request, token);
            run.Recorder.MergeTimings(result.StageTimings);
            resultKeys = await pipelineRun.StageAsync(run, ProcessorStages.Upload, () => publisher.PublishResultsAsync(run.Workspace, token));
        }
        catch (Exception ex)
        {
            await StopBackgroundAsync();
            try
            {
                return await finalizer.FailAsync(run, ex, stopToken, deadline.Token, leaseLost.Token);
            }
            finally
            {
                run.Workspace?.Dispose();
            }
        }

        // Published (or fenced off): from here on nothing turns into a failure; a stop arriving now does not
        // cancel the bookkeeping, which runs on its own budget.
        try
        {
            await StopBackgroundAsync();
            return resultKeys is null ? AttemptFinalizer.FencedOff() : await finalizer.SucceedAsync(run, resultKeys, result.Warnings);
        }
        finally
        {
            run.Workspace?.Dispose();
        }
    }
}
