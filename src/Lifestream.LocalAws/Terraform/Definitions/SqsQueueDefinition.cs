namespace Lifestream.LocalAws.Terraform.Definitions;

/// <summary>An <c>aws_sqs_queue</c> with SQS defaults applied for attributes the module leaves out.</summary>
public sealed record SqsQueueDefinition(
    string ResourceName,
    string QueueName,
    int VisibilityTimeoutSeconds,
    int MessageRetentionSeconds,
    int ReceiveWaitTimeSeconds,
    SqsRedriveDefinition? Redrive)
{
    public const int DefaultVisibilityTimeoutSeconds = 30;
    public const int DefaultMessageRetentionSeconds = 345600;
    public const int DefaultReceiveWaitTimeSeconds = 0;
}

/// <summary>The queue's redrive policy: its dead-letter queue (by resource name) and maxReceiveCount.</summary>
public sealed record SqsRedriveDefinition(string DeadLetterQueueResourceName, int MaxReceiveCount);
