using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// The start of an attempt: take the claim (dispatched → running, fenced by the attempt) and move the job to
/// running. Both writes are idempotent for this attempt, so a write the SDK re-sent after it applied is recognised
/// as ours instead of reading "someone else owns it".
/// </summary>
internal sealed class AttemptIntake(ProcessorSettings settings, IIdempotencyStore claims, IJobStore jobs, ILogger logger)
{
    /// <summary>Takes the claim. Returns an outcome when this task must not work (someone else owns it, or it is done).</summary>
    public async Task<ProcessorOutcome?> TryTakeClaimAsync(CancellationToken token)
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

    /// <summary>Job → running for this attempt; throws <see cref="JobStateConflictException"/> when the job cannot run.</summary>
    public async Task StartJobAsync(CancellationToken token)
    {
        var started = await jobs.TryMarkRunningAsync(settings.JobId, settings.ClaimAttempt, ProcessorStages.Download, token);
        if (!started.Applied)
        {
            throw new JobStateConflictException($"Job {settings.JobId} cannot run attempt {settings.ClaimAttempt}: {started.Refusal}.");
        }

        logger.LogInformation("Job {JobId} attempt {Attempt} running for s3://{Bucket}/{Key}.", settings.JobId, settings.ClaimAttempt, settings.S3Bucket, settings.S3Key);
    }
}
