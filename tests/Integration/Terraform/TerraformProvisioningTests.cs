using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.Terraform;

/// <summary>
/// The resources terraform/ describes, created on the real emulators by LocalResourceProvisioner and read back
/// through the AWS SDK: what the other integration tests run against is what Terraform deploys.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class TerraformProvisioningTests(LocalAwsFixture fixture)
{
    private static readonly Lazy<Task<TerraformModule>> Module = new(() => TerraformModule.LoadFromRepositoryAsync(CancellationToken.None));

    [Fact]
    public async Task Tables_queues_and_bucket_match_the_module_and_a_second_run_is_a_no_op()
    {
        var module = await Module.Value;
        var envName = EnvironmentNames.NewUnique();
        using var dynamoDb = fixture.Stack.Clients.CreateDynamoDb();
        using var sqs = fixture.Stack.Clients.CreateSqs();
        using var s3 = fixture.Stack.Clients.CreateS3();
        var provisioner = new LocalResourceProvisioner();

        var first = await provisioner.ProvisionAsync(module, envName, dynamoDb, sqs, s3, CancellationToken.None);
        var second = await provisioner.ProvisionAsync(module, envName, dynamoDb, sqs, s3, CancellationToken.None);

        Assert.Equal(first.TableNames, second.TableNames);
        Assert.Equal(first.Queues, second.Queues);
        Assert.Equal(first.VideosBucket.Name, second.VideosBucket.Name);

        var jobs = (await dynamoDb.DescribeTableAsync(first.JobsTableName)).Table;
        Assert.Equal(JobsTableSchema.PartitionKey, Assert.Single(jobs.KeySchema).AttributeName);
        Assert.Equal(
            new[] { JobsTableSchema.S3KeyIndexName, JobsTableSchema.OwnerIndexName, Lifestream.Core.Reconciliation.RecoveryIndexSchema.OpenJobsIndexName }.Order(StringComparer.Ordinal),
            jobs.GlobalSecondaryIndexes.Select(i => i.IndexName).Order(StringComparer.Ordinal));
        var index = jobs.GlobalSecondaryIndexes.Single(i => i.IndexName == JobsTableSchema.S3KeyIndexName);
        Assert.Equal([JobsTableSchema.S3KeyIndexPartitionKey, JobsTableSchema.S3KeyIndexSortKey], index.KeySchema.Select(k => k.AttributeName));

        var ttl = (await dynamoDb.DescribeTimeToLiveAsync(new DescribeTimeToLiveRequest { TableName = first.IdempotencyTableName })).TimeToLiveDescription;
        Assert.Equal(IdempotencyTableSchema.TimeToLive, ttl.AttributeName);
        Assert.Equal(TimeToLiveStatus.ENABLED, ttl.TimeToLiveStatus);

        var attributes = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = first.UploadsQueue.Url,
            AttributeNames = ["VisibilityTimeout", "RedrivePolicy", "ReceiveMessageWaitTimeSeconds"],
        })).Attributes;
        Assert.Equal("120", attributes["VisibilityTimeout"]);
        Assert.Equal("20", attributes["ReceiveMessageWaitTimeSeconds"]);
        using var redrive = JsonDocument.Parse(attributes["RedrivePolicy"]);
        Assert.Equal(first.UploadsDeadLetterQueue.Arn, redrive.RootElement.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal("5", redrive.RootElement.GetProperty("maxReceiveCount").ToString());

        await s3.PutObjectAsync(new PutObjectRequest { BucketName = first.VideosBucket.Name, Key = "uploads/probe.mp4", ContentBody = "x" });
        Assert.Equal(first.UploadsQueue.Url, Assert.Single(first.VideosBucket.NotificationsFor("uploads/probe.mp4")).QueueUrl);
    }

    [Fact]
    public async Task The_claim_table_accepts_exactly_one_conditional_claim()
    {
        var module = await Module.Value;
        using var dynamoDb = fixture.Stack.Clients.CreateDynamoDb();
        using var sqs = fixture.Stack.Clients.CreateSqs();
        using var s3 = fixture.Stack.Clients.CreateS3();
        var resources = await new LocalResourceProvisioner().ProvisionAsync(module, EnvironmentNames.NewUnique(), dynamoDb, sqs, s3, CancellationToken.None);

        PutItemRequest Claim() => new()
        {
            TableName = resources.IdempotencyTableName,
            Item = new Dictionary<string, AttributeValue> { [IdempotencyTableSchema.PartitionKey] = new() { S = "uploads/a.mp4|etag" } },
            ConditionExpression = "attribute_not_exists(#k)",
            ExpressionAttributeNames = new Dictionary<string, string> { ["#k"] = IdempotencyTableSchema.PartitionKey },
        };

        await dynamoDb.PutItemAsync(Claim());
        await Assert.ThrowsAsync<ConditionalCheckFailedException>(() => dynamoDb.PutItemAsync(Claim()));
    }
}
