using Amazon.S3;
using Amazon.SQS;
using Lifestream.LocalAws.Provisioning;

namespace Lifestream.LocalAws.Events;

/// <summary>
/// Does locally what S3 does in AWS after an upload: the S3 emulator accepts the bucket's notification
/// configuration (from the Terraform module) but never delivers events, so this publishes the same
/// event JSON to every queue whose notification filter matches the key.
/// </summary>
public sealed class S3EventRelay(IAmazonS3 s3, IAmazonSQS sqs, string region)
{
    /// <summary>Publishes the ObjectCreated event for <paramref name="key"/>; returns the queues notified (none when no filter matches).</summary>
    public async Task<IReadOnlyList<string>> PublishObjectCreatedAsync(ProvisionedBucket bucket, string key, string eventName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        var targets = bucket.NotificationsFor(key);
        if (targets.Count == 0)
        {
            return [];
        }

        var head = await s3.GetObjectMetadataAsync(bucket.Name, key, cancellationToken).ConfigureAwait(false);
        var body = S3EventNotification.ObjectCreated(bucket.Name, key, head.ContentLength, head.ETag, DateTimeOffset.UtcNow, region, eventName);
        foreach (var target in targets)
        {
            await sqs.SendMessageAsync(target.QueueUrl, body, cancellationToken).ConfigureAwait(false);
        }

        return [.. targets.Select(t => t.QueueUrl)];
    }
}
