using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Retries;
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
    private readonly DispatcherOptions options;
    private readonly IObjectStore objects;
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly AttemptLauncher attempts;
    private readonly UploadAdmission admission;
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
        ArgumentNullException.ThrowIfNull(launcher);
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        attempts = new AttemptLauncher(options, claimPolicy, jobs, launcher, new AttemptFailureRecorder(claims, jobs, RetryPolicy.For(claimPolicy), time), time, logger);
        admission = new UploadAdmission(options.VideosBucket, options.Limits);
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
        if (admission.Refuse(request) is { } refused)
        {
            return await RejectAsync(request, refused, sameKey: null, etag: null, cancellationToken).ConfigureAwait(false);
        }

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
            var missing = new UploadAdmission.Refusal($"object s3://{request.Bucket}/{request.Key} does not exist", RecordJob: true);
            return await RejectAsync(request, missing, lookup.SameKey, etag: null, cancellationToken).ConfigureAwait(false);
        }

        var etag = IdempotencyKey.NormalizeETag(head.ETag);
        if (admission.Refuse(head) is { } overLimit)
        {
            return await RejectAsync(request, overLimit, lookup.SameKey, etag, cancellationToken).ConfigureAwait(false);
        }

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
            case ClaimOutcome.AttemptsExhausted or ClaimOutcome.Abandoned:
                var ended = claim is ClaimOutcome.AttemptsExhausted exhausted ? exhausted.Record : ((ClaimOutcome.Abandoned)claim).Record;
                await GiveUpJobAsync(ended, cancellationToken).ConfigureAwait(false);
                return known with
                {
                    Kind = DispatchOutcomeKind.AttemptsExhausted,
                    Reason = $"gave up after {ended.Attempt} attempt(s): {ended.Error}",
                    JobId = ended.JobId,
                    Attempt = ended.Attempt,
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
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["job_id"] = claimed.Record.JobId, ["etag"] = claimKey.ETag, ["attempt"] = claimed.Attempt });
        var launch = await attempts.LaunchAsync(claimKey, head.Bucket, claimed, cancellationToken).ConfigureAwait(false);
        var known = new DispatchOutcome(DispatchOutcomeKind.Launched, "task launched")
        {
            Bucket = request.Bucket,
            Key = request.Key,
            ETag = claimKey.ETag,
            JobId = launch.JobId,
            Attempt = launch.Attempt,
        };
        return launch switch
        {
            AttemptLaunch.Launched launched => known with { TaskArn = launched.TaskArn },
            AttemptLaunch.Failed { Decision: RetryDecision.GiveUp giveUp } => known with { Kind = DispatchOutcomeKind.AttemptsExhausted, Reason = giveUp.Reason },
            AttemptLaunch.Failed { Decision: RetryDecision.RetryAfter after } failed => known with { Kind = DispatchOutcomeKind.RetryLater, Reason = failed.Reason, RetryAfter = after.Delay },
            AttemptLaunch.Failed failed => known with { Kind = DispatchOutcomeKind.RetryLater, Reason = failed.Reason },
            _ => throw new InvalidOperationException($"Unknown launch result {launch.GetType().Name}."),
        };
    }

    private async Task GiveUpJobAsync(ClaimRecord claim, CancellationToken cancellationToken)
    {
        var reason = $"gave up after {claim.Attempt} attempt(s); last error: {claim.Error ?? "unknown"}";
        var result = await jobs.TryGiveUpAsync(claim.JobId, reason, cancellationToken).ConfigureAwait(false);
        if (!result.Applied)
        {
            logger.LogInformation("Job {JobId} not marked failed: {Refusal}", claim.JobId, result.Refusal);
        }
    }

    /// <summary>
    /// A permanent refusal: the confirm message's (or the key's queued) job becomes <c>rejected</c>; otherwise a
    /// rejected job is recorded once per key and version (a redelivered event finds the earlier one).
    /// </summary>
    private async Task<DispatchOutcome> RejectAsync(
        ObjectDispatchRequest request, UploadAdmission.Refusal refusal, IReadOnlyList<JobRecord>? sameKey, string? etag, CancellationToken cancellationToken)
    {
        var reason = refusal.Reason;
        var now = time.GetUtcNow();
        var outcome = new DispatchOutcome(DispatchOutcomeKind.Rejected, reason) { Bucket = request.Bucket, Key = request.Key, ETag = etag };
        if (!refusal.RecordJob)
        {
            return outcome;
        }

        sameKey ??= request.JobId is null ? await jobs.FindByS3KeyAsync(request.Key, cancellationToken).ConfigureAwait(false) : [];
        var jobId = request.JobId ?? FindQueuedJob(sameKey, etag)?.JobId;
        if (jobId is not null)
        {
            var rejected = await jobs.TryRejectAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
            if (rejected.Record is not null)
            {
                return outcome with { JobId = jobId };
            }
        }

        if (sameKey.FirstOrDefault(job => job.Status == JobStatus.Rejected && job.ETag == etag && job.Error == reason) is { } earlier)
        {
            return outcome with { JobId = earlier.JobId };
        }

        jobId ??= NewJobId();
        await jobs.TryCreateAsync(
            new JobRecord
            {
                JobId = jobId,
                S3Bucket = request.Bucket,
                S3Key = request.Key,
                ETag = etag,
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
