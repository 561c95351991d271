namespace Lifestream.LocalAws.Terraform.Definitions;

/// <summary>Everything the local stack creates, as the Terraform module describes it, for one environment.</summary>
public sealed record LocalResourceDefinitions(
    string EnvName,
    IReadOnlyList<DynamoDbTableDefinition> Tables,
    IReadOnlyList<SqsQueueDefinition> Queues,
    IReadOnlyList<S3BucketDefinition> Buckets)
{
    public DynamoDbTableDefinition Table(string resourceName) =>
        Tables.SingleOrDefault(t => t.ResourceName == resourceName)
        ?? throw new TerraformModuleException($"aws_dynamodb_table.{resourceName} is not in the module.");

    public SqsQueueDefinition Queue(string resourceName) =>
        Queues.SingleOrDefault(q => q.ResourceName == resourceName)
        ?? throw new TerraformModuleException($"aws_sqs_queue.{resourceName} is not in the module.");

    public S3BucketDefinition Bucket(string resourceName) =>
        Buckets.SingleOrDefault(b => b.ResourceName == resourceName)
        ?? throw new TerraformModuleException($"aws_s3_bucket.{resourceName} is not in the module.");
}
