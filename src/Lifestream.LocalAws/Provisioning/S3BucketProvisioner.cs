using Amazon.S3;
using Amazon.S3.Model;
using Lifestream.LocalAws.Terraform.Definitions;

namespace Lifestream.LocalAws.Provisioning;

/// <summary>Creates a bucket and puts its queue notification configuration (replacing any previous one).</summary>
internal static class S3BucketProvisioner
{
    private static readonly HashSet<string> AlreadyThereCodes = new(StringComparer.Ordinal)
    {
        "BucketAlreadyOwnedByYou",
        // Emulators are single-tenant: "exists" can only be our own earlier run.
        "BucketAlreadyExists",
    };

    public static async Task<ProvisionedBucket> EnsureAsync(
        IAmazonS3 s3,
        S3BucketDefinition bucket,
        IReadOnlyDictionary<string, ProvisionedQueueAddress> queues,
        CancellationToken cancellationToken)
    {
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket.BucketName }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode is not null && AlreadyThereCodes.Contains(ex.ErrorCode))
        {
            // Already there: fine.
        }

        var notifications = bucket.QueueNotifications.Select(n =>
        {
            if (!queues.TryGetValue(n.QueueResourceName, out var queue))
            {
                throw new ResourceProvisioningException(
                    $"Bucket '{bucket.BucketName}' notification '{n.Id}' targets aws_sqs_queue.{n.QueueResourceName}, which was not provisioned.");
            }

            return new ProvisionedQueueNotification(n.Id, queue.Url, queue.Arn, n.Events, n.Prefix, n.Suffix);
        }).ToList();

        if (notifications.Count > 0)
        {
            await s3.PutBucketNotificationAsync(BuildNotificationRequest(bucket.BucketName, notifications), cancellationToken);
        }

        return new ProvisionedBucket(bucket.BucketName, notifications);
    }

    internal static PutBucketNotificationRequest BuildNotificationRequest(string bucketName, IReadOnlyList<ProvisionedQueueNotification> notifications) => new()
    {
        BucketName = bucketName,
        QueueConfigurations = notifications.Select(n => new QueueConfiguration
        {
            Id = n.Id,
            Queue = n.QueueArn,
            Events = n.Events.Select(e => new EventType(e)).ToList(),
            Filter = new Filter
            {
                S3KeyFilter = new S3KeyFilter
                {
                    FilterRules =
                    [
                        new FilterRule { Name = "Prefix", Value = n.Prefix },
                        new FilterRule { Name = "Suffix", Value = n.Suffix },
                    ],
                },
            },
        }).ToList(),
    };
}
