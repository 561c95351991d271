using Amazon.S3;
using Amazon.S3.Transfer;
using Amazon.SQS;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Provisioning;

namespace Lifestream.LocalAws.Submission;

/// <summary>How the queue learns about an upload.</summary>
public enum SubmissionMode
{
    /// <summary>The S3 event notification AWS would send (published by <see cref="S3EventRelay"/>).</summary>
    S3Event,

    /// <summary>The upload API flow: job created as <c>queued</c> first, then <c>{job_id, video_s3_key, video_s3_bucket}</c>.</summary>
    UploadConfirm,
}

/// <summary>A submitted upload.</summary>
public sealed record Submission(string Bucket, string Key, string? JobId, SubmissionMode Mode);

/// <summary>Uploads a video to <c>uploads/</c> (multipart for large files) and tells the queue, as users of the system do.</summary>
public sealed class VideoSubmitter(IAmazonS3 s3, IAmazonSQS sqs, IJobStore jobs, ProvisionedResources resources, string region, TimeProvider time)
{
    public const string UploadsPrefix = "uploads/";

    public async Task<Submission> SubmitAsync(string videoPath, string? keyName, SubmissionMode mode, CancellationToken cancellationToken)
    {
        if (!File.Exists(videoPath))
        {
            throw new FileNotFoundException($"Video '{videoPath}' does not exist.", videoPath);
        }

        var bucket = resources.VideosBucket;
        var key = UploadsPrefix + (keyName ?? Path.GetFileName(videoPath));
        string? jobId = null;
        if (mode == SubmissionMode.UploadConfirm)
        {
            // The upload API creates the job before the client uploads, so the job id is known up front.
            jobId = $"job-{Guid.NewGuid():N}";
            var now = time.GetUtcNow();
            var created = await jobs.TryCreateAsync(
                new JobRecord { JobId = jobId, S3Bucket = bucket.Name, S3Key = key, Status = JobStatus.Queued, CreatedAt = now, UpdatedAt = now },
                cancellationToken).ConfigureAwait(false);
            if (!created)
            {
                throw new InvalidOperationException($"Job id {jobId} already exists.");
            }
        }

        using (var transfer = new TransferUtility(s3))
        {
            await transfer.UploadAsync(
                new TransferUtilityUploadRequest { BucketName = bucket.Name, Key = key, FilePath = videoPath, ContentType = ContentTypeFor(key) },
                cancellationToken).ConfigureAwait(false);
        }

        if (mode == SubmissionMode.S3Event)
        {
            var relay = new S3EventRelay(s3, sqs, region);
            var notified = await relay.PublishObjectCreatedAsync(bucket, key, "ObjectCreated:CompleteMultipartUpload", cancellationToken).ConfigureAwait(false);
            if (notified.Count == 0)
            {
                throw new InvalidOperationException($"No bucket notification matches '{key}' (the Terraform filter admits uploads/ .mp4 and .mov).");
            }
        }
        else
        {
            var body = UploadConfirmMessage.Serialize(jobId!, bucket.Name, key);
            await sqs.SendMessageAsync(resources.UploadsQueue.Url, body, cancellationToken).ConfigureAwait(false);
        }

        return new Submission(bucket.Name, key, jobId, mode);
    }

    private static string ContentTypeFor(string key) =>
        key.EndsWith(".mov", StringComparison.OrdinalIgnoreCase) ? "video/quicktime" : "video/mp4";
}
