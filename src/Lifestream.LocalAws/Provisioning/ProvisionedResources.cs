using Lifestream.LocalAws.Terraform;
using Lifestream.LocalAws.Terraform.Definitions;

namespace Lifestream.LocalAws.Provisioning;

/// <summary>What <see cref="LocalResourceProvisioner"/> created (or found) for one environment, keyed by Terraform resource name.</summary>
public sealed record ProvisionedResources(
    string EnvName,
    IReadOnlyDictionary<string, string> TableNames,
    IReadOnlyDictionary<string, ProvisionedQueueAddress> Queues,
    IReadOnlyDictionary<string, ProvisionedBucket> Buckets)
{
    /// <summary>aws_dynamodb_table.jobs — the dispatcher's and processor's JOBS_TABLE_NAME.</summary>
    public string JobsTableName => Get(TableNames, TerraformResourceNames.JobsTable, "aws_dynamodb_table");

    /// <summary>aws_dynamodb_table.idempotency — IDEMPOTENCY_TABLE_NAME.</summary>
    public string IdempotencyTableName => Get(TableNames, TerraformResourceNames.IdempotencyTable, "aws_dynamodb_table");

    /// <summary>aws_sqs_queue.uploads — the queue the dispatcher consumes.</summary>
    public ProvisionedQueueAddress UploadsQueue => Get(Queues, TerraformResourceNames.UploadsQueue, "aws_sqs_queue");

    /// <summary>aws_sqs_queue.uploads_dlq — where poison messages end up.</summary>
    public ProvisionedQueueAddress UploadsDeadLetterQueue => Get(Queues, TerraformResourceNames.UploadsDeadLetterQueue, "aws_sqs_queue");

    /// <summary>aws_sqs_queue.task_events — ECS task stops and scheduled sweeps for the dispatcher.</summary>
    public ProvisionedQueueAddress TaskEventsQueue => Get(Queues, TerraformResourceNames.TaskEventsQueue, "aws_sqs_queue");

    /// <summary>aws_s3_bucket.videos — uploads/ in, results/ out.</summary>
    public ProvisionedBucket VideosBucket => Get(Buckets, TerraformResourceNames.VideosBucket, "aws_s3_bucket");

    private static T Get<T>(IReadOnlyDictionary<string, T> items, string resourceName, string type) =>
        items.TryGetValue(resourceName, out var item)
            ? item
            : throw new TerraformModuleException($"{type}.{resourceName} was not provisioned (not in the Terraform module).");
}

/// <summary>A queue on the emulator.</summary>
public sealed record ProvisionedQueueAddress(string Name, string Url, string Arn);

/// <summary>A bucket on the emulator and the queue notifications configured on it.</summary>
public sealed record ProvisionedBucket(string Name, IReadOnlyList<ProvisionedQueueNotification> Notifications)
{
    /// <summary>
    /// The queues S3 would notify for an object created under <paramref name="key"/>. Emulators such as fauxqs accept
    /// the notification configuration but never deliver; a local relay uses this to publish the same event AWS would.
    /// </summary>
    public IReadOnlyList<ProvisionedQueueNotification> NotificationsFor(string key) =>
        Notifications.Where(n => n.Matches(key)).ToList();
}

/// <summary>One queue notification: events with a key prefix and suffix (case-sensitive, as in S3) to a queue.</summary>
public sealed record ProvisionedQueueNotification(
    string Id,
    string QueueUrl,
    string QueueArn,
    IReadOnlyList<string> Events,
    string Prefix,
    string Suffix)
{
    public bool Matches(string key) => S3QueueNotificationDefinition.KeyMatches(Prefix, Suffix, key);
}
