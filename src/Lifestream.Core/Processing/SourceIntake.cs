using Lifestream.Core.Idempotency;
using Lifestream.Core.Storage;
using Lifestream.Core.Uploads;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Processing;

/// <summary>
/// Reads exactly the object version the claim is for: HEAD must show the claimed ETag (and the object must be within the
/// object-size limit and fit on the disk with its PCM scratch and keyframes), the GET carries <c>If-Match</c> on that ETag (and the version id where the bucket is versioned), and
/// the presigned URL names the version. Any mismatch is <see cref="SourceObjectChangedException"/>.
/// </summary>
internal sealed class SourceIntake(ProcessorSettings settings, IObjectStore objects, IDiskSpaceProbe disk, ILogger logger)
{
    public async Task<ObjectMetadata> CheckAsync(JobWorkspace workspace, CancellationToken token)
    {
        var head = await objects.HeadAsync(settings.S3Bucket, settings.S3Key, token)
            ?? throw new ObjectNotFoundException(settings.S3Bucket, settings.S3Key);
        EnsureClaimedVersion(head);
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

    public async Task DownloadAsync(ObjectMetadata head, string localPath, CancellationToken token)
    {
        await objects.DownloadToFileAsync(settings.S3Bucket, settings.S3Key, settings.ETag, head.VersionId, localPath, token);
        var downloaded = new FileInfo(localPath);
        if (!downloaded.Exists || downloaded.Length != head.SizeBytes)
        {
            throw new IncompleteDownloadException(
                $"Downloaded {(downloaded.Exists ? downloaded.Length : 0)} bytes of s3://{settings.S3Bucket}/{settings.S3Key}, expected {head.SizeBytes}.");
        }

        logger.LogInformation("Downloaded {Bytes} bytes for job {JobId}.", head.SizeBytes, settings.JobId);
    }

    public Uri PresignedUrl(ObjectMetadata head) =>
        objects.GetPresignedReadUrl(settings.S3Bucket, settings.S3Key, head.VersionId, settings.TaskTimeout);

    /// <summary>
    /// After a run that also read through the presigned URL: in an unversioned bucket the URL names no version, so a
    /// ranged reconnect could have read a newer object; the object must still be the claimed version.
    /// </summary>
    public async Task EnsureUnchangedAsync(ObjectMetadata head, CancellationToken token)
    {
        if (head.VersionId is not null)
        {
            return;
        }

        var now = await objects.HeadAsync(settings.S3Bucket, settings.S3Key, token)
            ?? throw new SourceObjectChangedException($"s3://{settings.S3Bucket}/{settings.S3Key} was deleted while this task read it.");
        EnsureClaimedVersion(now);
    }

    private void EnsureClaimedVersion(ObjectMetadata head)
    {
        if (!string.Equals(IdempotencyKey.NormalizeETag(head.ETag), settings.ETag, StringComparison.Ordinal))
        {
            throw new SourceObjectChangedException(
                $"s3://{settings.S3Bucket}/{settings.S3Key} now has ETag {head.ETag}, but this task was launched for ETag {settings.ETag}; the newer upload gets its own job.");
        }
    }
}
