using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Dispatching;

/// <summary>
/// Turns queue messages into processor launches: parse → HeadObject → claim <c>s3_key|etag</c> → create or
/// reuse the job → launch → job <c>dispatched</c>. Each record gets an outcome; a message is acknowledged only
/// when all its records are, and a record is acknowledged after a launch only once RunTask succeeded.
/// Transient failures (launch, storage, throttling, deadline) leave the message on the queue for SQS to
/// redeliver (and eventually dead-letter); permanent ones (malformed, ignored, missing object) are acknowledged.
/// Host-agnostic: the Lambda host and the local queue worker both call <see cref="DispatchBatchAsync"/>.
/// </summary>
public sealed class UploadDispatcher
{
    /// <summary>Bookkeeping after a failed launch gets this long even when the invocation is being cancelled.</summary>
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(5);

    private static readonly JobStatus[] Redispatchable =
        [JobStatus.Queued, JobStatus.Dispatched, JobStatus.Running, JobStatus.Failed, JobStatus.TimedOut, JobStatus.Interrupted];

    private static readonly JobStatus[] NonTerminal = [JobStatus.Queued, JobStatus.Dispatched, JobStatus.Running];

    private readonly DispatcherOptions options;
    private readonly IObjectStore objects;
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly ITaskLauncher launcher;
    private readonly ProcessorLaunchFactory launches;
    private readonly TimeProvider time;
    private readonly ILogger<UploadDispatcher> logger;

    public UploadDispatcher(
        DispatcherOptions options,
        IdempotencyOptions claimPolicy,
        IObjectStore objects,
        IIdempotencyStore claims,
        IJobStore jobs,
        ITaskLauncher launcher,
        TimeProvider time,
        ILogger<UploadDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(claimPolicy);
        OptionsValidation.ThrowIfAnyInvalid(problems => new DispatcherConfigurationException(problems), options, claimPolicy);

        this.options = options;
        this.objects = objects ?? throw new ArgumentNullException(nameof(objects));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        launches = new ProcessorLaunchFactory(options, claimPolicy);
    }

    /// <summary>
    /// Dispatches every record of every message concurrently (up to MaxConcurrency). Never throws for a
    /// record's failure; when <paramref name="cancellationToken"/> fires (invocation deadline), unfinished
    /// records come back as <see cref="DispatchOutcomeKind.RetryLater"/>.
    /// </summary>
    public async Task<BatchDispatchResult> DispatchBatchAsync(IReadOnlyList<QueueMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var work = new List<(int Message, ParsedRecord Record)>();
        for (var i = 0; i < messages.Count; i++)
        {
            work.AddRange(QueueMessageParser.Parse(messages[i].Body).Select(record => (i, record)));
        }

        var outcomes = new DispatchOutcome[work.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency };
        await Parallel.ForEachAsync(
            Enumerable.Range(0, work.Count),
            parallel,
            async (index, _) =>
            {
                var (messageIndex, record) = work[index];
                outcomes[index] = await DispatchRecordAsync(messages[messageIndex], record, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);

        var results = new List<MessageDispatchResult>(messages.Count);
        for (var i = 0; i < messages.Count; i++)
        {
            var own = Enumerable.Range(0, work.Count).Where(index => work[index].Message == i).Select(index => outcomes[index]).ToList();
            results.Add(new MessageDispatchResult(messages[i].MessageId, own));
        }

        return new BatchDispatchResult(results);
    }

    /// <summary>One record; never throws (failures become outcomes).</summary>
    public async Task<DispatchOutcome> DispatchRecordAsync(QueueMessage message, ParsedRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(record);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["message_id"] = message.MessageId, ["receive_count"] = message.ReceiveCount });
        if (record.Request is not { } request)
        {
            var outcome = record.MalformedReason is { } malformed
                ? new DispatchOutcome(DispatchOutcomeKind.Malformed, malformed)
                : new DispatchOutcome(DispatchOutcomeKind.Ignored, record.IgnoredReason);
            LogOutcome(outcome);
            return outcome;
        }

        using var objectScope = logger.BeginScope(new Dictionary<string, object?> { ["bucket"] = request.Bucket, ["key"] = request.Key });
        DispatchOutcome result;
        try
        {
            result = await DispatchObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = Retry(request, "the invocation deadline was reached before the dispatch finished");
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Dispatch of s3://{Bucket}/{Key} failed transiently", request.Bucket, request.Key);
            result = Retry(request, $"{ex.GetType().Name}: {ex.Message}");
        }

        LogOutcome(result);
        return result;
    }

    private static DispatchOutcome Retry(ObjectDispatchRequest request, string reason) =>
        new(DispatchOutcomeKind.RetryLater, reason) { Bucket = request.Bucket, Key = request.Key, JobId = request.JobId };

    private async Task<DispatchOutcome> DispatchObjectAsync(ObjectDispatchRequest request, CancellationToken cancellationToken)
    {
        // HeadObject and the job lookup do not depend on each other (the lookup needs only the key and the job id;
        // the ETag filters its result afterwards), so they share one round trip. The lookup reads a GSI, which is
        // eventually consistent whichever runs first; the conditional claim write is what decides.
        var headTask = objects.HeadAsync(request.Bucket, request.Key, cancellationToken);
        var lookupTask = LookUpJobsAsync(request, cancellationToken);
        await Task.WhenAll(headTask, lookupTask).ConfigureAwait(false);
        var head = await headTask.ConfigureAwait(false);
        var lookup = await lookupTask.ConfigureAwait(false);
        if (head is null)
        {
            return await RejectMissingObjectAsync(request, lookup, cancellationToken).ConfigureAwait(false);
        }

        var etag = IdempotencyKey.NormalizeETag(head.ETag);
        var claimKey = new IdempotencyKey(request.Key, etag);
        var (candidateJobId, mismatch) = ChooseJobId(request, claimKey, lookup);
        if (mismatch is not null)
        {
            return mismatch with { ETag = etag };
        }

        var claim = await claims.TryClaimAsync(claimKey, candidateJobId!, cancellationToken).ConfigureAwait(false);
        var known = new DispatchOutcome(DispatchOutcomeKind.InProgress) { Bucket = request.Bucket, Key = request.Key, ETag = etag };
        switch (claim)
        {
            case ClaimOutcome.AlreadyProcessed processed:
                return known with { Kind = DispatchOutcomeKind.AlreadyProcessed, Reason = "already processed", JobId = processed.Record.JobId, Attempt = processed.Record.Attempt };
            case ClaimOutcome.InProgress inProgress:
                return known with
                {
                    Reason = $"claim is {inProgress.Record.State.ToWire()} until {inProgress.Record.LeaseExpiresAt:O}",
                    JobId = inProgress.Record.JobId,
                    Attempt = inProgress.Record.Attempt,
                };
            case ClaimOutcome.AttemptsExhausted exhausted:
                await FailExhaustedJobAsync(exhausted.Record, cancellationToken).ConfigureAwait(false);
                return known with
                {
                    Kind = DispatchOutcomeKind.AttemptsExhausted,
                    Reason = $"gave up after {exhausted.Record.Attempt} attempt(s): {exhausted.Record.Error}",
                    JobId = exhausted.Record.JobId,
                    Attempt = exhausted.Record.Attempt,
                };
            case ClaimOutcome.Claimed claimed:
                return await LaunchClaimedAsync(request, head, claimKey, claimed, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException($"Unknown claim outcome {claim.GetType().Name}.");
        }
    }

    /// <summary>
    /// What the job choice needs from the jobs table: the confirm message's job, or else the jobs of the same key
    /// (GSI). Read before the object's ETag is known, so the ETag filter is applied in <see cref="ChooseJobId"/>.
    /// </summary>
    private async Task<JobLookup> LookUpJobsAsync(ObjectDispatchRequest request, CancellationToken cancellationToken) =>
        request.JobId is { } confirmedJobId
            ? new JobLookup(await jobs.GetAsync(confirmedJobId, cancellationToken).ConfigureAwait(false), [])
            : new JobLookup(null, await jobs.FindByS3KeyAsync(request.Key, cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The job a first claim of this version gets: the confirm message's job; a <c>queued</c> job created by the
    /// upload-confirm flow for the same key; otherwise a new id. (A version seen before keeps its claim's job:
    /// <see cref="IIdempotencyStore.TryClaimAsync"/> ignores the candidate when the claim exists, so no read of
    /// the claim is needed here.)
    /// </summary>
    private static (string? JobId, DispatchOutcome? Mismatch) ChooseJobId(ObjectDispatchRequest request, IdempotencyKey claimKey, JobLookup lookup)
    {
        if (request.JobId is { } confirmedJobId)
        {
            if (lookup.Confirmed is { } confirmed && !string.Equals(confirmed.S3Key, request.Key, StringComparison.Ordinal))
            {
                return (null, new DispatchOutcome(DispatchOutcomeKind.Malformed, $"job {confirmedJobId} belongs to another object ({confirmed.S3Key})")
                {
                    Bucket = request.Bucket,
                    Key = request.Key,
                    JobId = confirmedJobId,
                });
            }

            return (confirmedJobId, null);
        }

        return (FindQueuedJob(lookup.SameKey, claimKey.ETag)?.JobId ?? UploadApiJobId(request.Key, lookup.SameKey) ?? NewJobId(), null);
    }

    /// <summary>
    /// An upload API key carries its job id: the upload's own S3 event and the API's confirm message must resolve
    /// to the same job, whichever arrives first (the API then gives the job its owner). Once that job exists, a
    /// new version under the same key is a new job, as for any re-upload.
    /// </summary>
    private static string? UploadApiJobId(string key, IReadOnlyList<JobRecord> sameKey) =>
        UploadNaming.JobIdOf(key) is { } id && !sameKey.Any(job => string.Equals(job.JobId, id, StringComparison.Ordinal)) ? id : null;

    private static JobRecord? FindQueuedJob(IReadOnlyList<JobRecord> candidates, string? etag) =>
        candidates.FirstOrDefault(job => job.Status == JobStatus.Queued && (job.ETag is null || job.ETag == etag));

    private async Task<DispatchOutcome> LaunchClaimedAsync(
        ObjectDispatchRequest request,
        ObjectMetadata head,
        IdempotencyKey claimKey,
        ClaimOutcome.Claimed claimed,
        CancellationToken cancellationToken)
    {
        var jobId = claimed.Record.JobId;
        var attempt = claimed.Attempt;
        var etag = claimKey.ETag;
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["job_id"] = jobId, ["etag"] = etag, ["attempt"] = attempt });
        LaunchedTask task;
        try
        {
            await EnsureJobAsync(jobId, request, etag, cancellationToken).ConfigureAwait(false);
            task = await launcher.LaunchAsync(launches.Create(jobId, head.Bucket, head.Key, etag, attempt), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // We own the claim but started nothing (or cannot know): mark it failed so that the redelivery of this
            // very message can take it again, and keep the message on the queue.
            var reason = ex is OperationCanceledException
                ? $"launch of attempt {attempt} cancelled at the invocation deadline"
                : $"launch of attempt {attempt} failed: {ex.Message}";
            logger.LogWarning(ex, "Launch failed for job {JobId} attempt {Attempt}; claim released for retry", jobId, attempt);
            await ReleaseClaimAsync(claimKey, jobId, attempt, reason).ConfigureAwait(false);
            return new DispatchOutcome(DispatchOutcomeKind.RetryLater, reason)
            {
                Bucket = request.Bucket,
                Key = request.Key,
                ETag = etag,
                JobId = jobId,
                Attempt = attempt,
            };
        }

        var launched = new DispatchOutcome(DispatchOutcomeKind.Launched, "task launched")
        {
            Bucket = request.Bucket,
            Key = request.Key,
            ETag = etag,
            JobId = jobId,
            Attempt = attempt,
            TaskArn = task.TaskArn,
        };
        try
        {
            var update = new JobUpdate { Status = JobStatus.Dispatched, TaskArn = task.TaskArn, Attempts = attempt, ETag = etag, UpdatedAt = time.GetUtcNow() };
            if (await jobs.TryTransitionAsync(jobId, Redispatchable, update, CancellationToken.None).ConfigureAwait(false) is null)
            {
                logger.LogWarning("Job {JobId} was not in a dispatchable status; task {TaskArn} launched anyway", jobId, task.TaskArn);
            }
        }
        catch (Exception ex)
        {
            // The task runs and owns the claim; acknowledging is right. The processor moves the job on.
            logger.LogWarning(ex, "Recording task {TaskArn} on job {JobId} failed", task.TaskArn, jobId);
        }

        return launched;
    }

    private async Task EnsureJobAsync(string jobId, ObjectDispatchRequest request, string etag, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = await jobs.TryCreateAsync(
            new JobRecord
            {
                JobId = jobId,
                S3Bucket = request.Bucket,
                S3Key = request.Key,
                ETag = etag,
                Status = JobStatus.Queued,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            logger.LogInformation("Created job {JobId}", jobId);
        }
    }

    private async Task ReleaseClaimAsync(IdempotencyKey claimKey, string jobId, int attempt, string reason)
    {
        using var budget = new CancellationTokenSource(CleanupBudget);
        try
        {
            if (!await claims.TryMarkFailedAsync(claimKey, jobId, attempt, reason, budget.Token).ConfigureAwait(false))
            {
                logger.LogWarning("Claim {Key} attempt {Attempt} was no longer ours when releasing it", claimKey.Value, attempt);
            }

            await jobs.TryTransitionAsync(jobId, NonTerminal, new JobUpdate { Error = reason, UpdatedAt = time.GetUtcNow() }, budget.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // The claim stays dispatched until its lease expires; a later delivery re-takes it then.
            logger.LogError(ex, "Releasing claim {Key} attempt {Attempt} failed; it frees itself when the lease expires", claimKey.Value, attempt);
        }
    }

    private async Task FailExhaustedJobAsync(ClaimRecord claim, CancellationToken cancellationToken)
    {
        var reason = $"gave up after {claim.Attempt} attempt(s); last error: {claim.Error ?? "unknown"}";
        await jobs.TryTransitionAsync(
            claim.JobId,
            NonTerminal,
            new JobUpdate { Status = JobStatus.Failed, Error = reason, UpdatedAt = time.GetUtcNow() },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<DispatchOutcome> RejectMissingObjectAsync(ObjectDispatchRequest request, JobLookup lookup, CancellationToken cancellationToken)
    {
        var reason = $"object s3://{request.Bucket}/{request.Key} does not exist";
        var now = time.GetUtcNow();
        var jobId = request.JobId ?? FindQueuedJob(lookup.SameKey, etag: null)?.JobId;
        var outcome = new DispatchOutcome(DispatchOutcomeKind.Rejected, reason) { Bucket = request.Bucket, Key = request.Key };
        if (jobId is not null)
        {
            var rejected = await jobs.TryTransitionAsync(jobId, NonTerminal, new JobUpdate { Status = JobStatus.Rejected, Error = reason, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            if (rejected is not null || await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false) is not null)
            {
                return outcome with { JobId = jobId };
            }
        }

        jobId ??= NewJobId();
        await jobs.TryCreateAsync(
            new JobRecord
            {
                JobId = jobId,
                S3Bucket = request.Bucket,
                S3Key = request.Key,
                Status = JobStatus.Rejected,
                Error = reason,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        return outcome with { JobId = jobId };
    }

    private static string NewJobId() => Guid.CreateVersion7().ToString("N");

    private void LogOutcome(DispatchOutcome outcome)
    {
        var level = outcome.Kind switch
        {
            DispatchOutcomeKind.RetryLater => LogLevel.Warning,
            DispatchOutcomeKind.Malformed or DispatchOutcomeKind.Rejected or DispatchOutcomeKind.AttemptsExhausted => LogLevel.Warning,
            _ => LogLevel.Information,
        };
        logger.Log(
            level,
            "Record {Outcome} (acknowledge={Acknowledge}): {Reason} job={JobId} key={Key} etag={ETag} attempt={Attempt} task={TaskArn}",
            outcome.Kind,
            outcome.Acknowledge,
            outcome.Reason,
            outcome.JobId,
            outcome.Key,
            outcome.ETag,
            outcome.Attempt,
            outcome.TaskArn);
    }
}
