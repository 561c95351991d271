using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Lifestream.LocalAws.Terraform.Definitions;
using Lifestream.Tests.Unit.Infrastructure;

namespace Lifestream.Tests.Unit.LocalAws.Provisioning;

/// <summary>The provisioner's calls, checked against recording SDK clients (emulator runs are integration tests).</summary>
public sealed class LocalResourceProvisionerTests
{
    private const string Account = "000000000000";

    private static readonly LocalResourceDefinitions Definitions = new(
        "qa",
        [
            new DynamoDbTableDefinition(
                "jobs", "app-qa-jobs", "PAY_PER_REQUEST", "job_id", null,
                new Dictionary<string, string> { ["job_id"] = "S", ["s3_key"] = "S", ["created_at"] = "S" },
                [new DynamoDbIndexDefinition("s3_key-index", "s3_key", "created_at", "ALL", [])],
                null),
            new DynamoDbTableDefinition(
                "claims", "app-qa-claims", "PAY_PER_REQUEST", "idempotency_key", null,
                new Dictionary<string, string> { ["idempotency_key"] = "S" }, [], "expires_at"),
        ],
        [
            // Declared before its DLQ on purpose: creation must still start with the DLQ.
            new SqsQueueDefinition("uploads", "app-qa-uploads", 120, 345600, 20, new SqsRedriveDefinition("dlq", 3)),
            new SqsQueueDefinition("dlq", "app-qa-uploads-dlq", 30, 1209600, 0, null),
        ],
        [
            new S3BucketDefinition("videos", "app-qa-videos",
            [
                new S3QueueNotificationDefinition("mp4", "uploads", ["s3:ObjectCreated:*"], "uploads/", ".mp4"),
                new S3QueueNotificationDefinition("mov", "uploads", ["s3:ObjectCreated:*"], "uploads/", ".mov"),
            ]),
        ]);

    private readonly RecordingAwsClient<IAmazonDynamoDB> dynamo = RecordingAwsClient.Create<IAmazonDynamoDB>();
    private readonly RecordingAwsClient<IAmazonSQS> sqs = RecordingAwsClient.Create<IAmazonSQS>();
    private readonly RecordingAwsClient<IAmazonS3> s3 = RecordingAwsClient.Create<IAmazonS3>();
    private readonly LocalResourceProvisioner provisioner = new(TimeSpan.Zero, 3);

    public LocalResourceProvisionerTests()
    {
        dynamo
            .On<CreateTableRequest, CreateTableResponse>(_ => new CreateTableResponse())
            .On<DescribeTableRequest, DescribeTableResponse>(r => new DescribeTableResponse { Table = new TableDescription { TableName = r.TableName, TableStatus = TableStatus.ACTIVE } })
            .On<DescribeTimeToLiveRequest, DescribeTimeToLiveResponse>(_ => new DescribeTimeToLiveResponse { TimeToLiveDescription = new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.DISABLED } })
            .On<UpdateTimeToLiveRequest, UpdateTimeToLiveResponse>(_ => new UpdateTimeToLiveResponse());
        sqs
            .On<CreateQueueRequest, CreateQueueResponse>(r => new CreateQueueResponse { QueueUrl = Url(r.QueueName) })
            .On<GetQueueAttributesRequest, GetQueueAttributesResponse>(r => new GetQueueAttributesResponse
            {
                Attributes = new Dictionary<string, string> { [QueueAttributeName.QueueArn] = Arn(r.QueueUrl.Split('/')[^1]) },
            });
        s3
            .On<PutBucketRequest, PutBucketResponse>(_ => new PutBucketResponse())
            .On<PutBucketNotificationRequest, PutBucketNotificationResponse>(_ => new PutBucketNotificationResponse());
    }

    [Fact]
    public async Task Creates_tables_with_keys_gsi_and_on_demand_billing()
    {
        await ProvisionAsync();

        var creates = dynamo.RequestsOf<CreateTableRequest>().ToDictionary(r => r.TableName);
        var jobs = creates["app-qa-jobs"];
        Assert.Equal(BillingMode.PAY_PER_REQUEST, jobs.BillingMode);
        Assert.Null(jobs.ProvisionedThroughput);
        Assert.Equal(("job_id", KeyType.HASH), (Assert.Single(jobs.KeySchema).AttributeName, jobs.KeySchema[0].KeyType));
        var index = Assert.Single(jobs.GlobalSecondaryIndexes);
        Assert.Equal("s3_key-index", index.IndexName);
        Assert.Equal(["s3_key", "created_at"], index.KeySchema.Select(k => k.AttributeName));
        Assert.Equal([KeyType.HASH, KeyType.RANGE], index.KeySchema.Select(k => k.KeyType));
        Assert.Equal(ProjectionType.ALL, index.Projection.ProjectionType);
        Assert.Equal(3, jobs.AttributeDefinitions.Count);
        Assert.Null(creates["app-qa-claims"].GlobalSecondaryIndexes);
    }

    [Fact]
    public async Task Enables_ttl_only_where_the_module_declares_it()
    {
        await ProvisionAsync();

        var ttl = Assert.Single(dynamo.RequestsOf<UpdateTimeToLiveRequest>());
        Assert.Equal(("app-qa-claims", "expires_at", true), (ttl.TableName, ttl.TimeToLiveSpecification.AttributeName, ttl.TimeToLiveSpecification.Enabled));
    }

    [Fact]
    public async Task Creates_the_dead_letter_queue_first_and_redrives_to_its_arn()
    {
        var resources = await ProvisionAsync();

        var creates = sqs.RequestsOf<CreateQueueRequest>().ToList();
        Assert.Equal(["app-qa-uploads-dlq", "app-qa-uploads"], creates.Select(c => c.QueueName));
        var uploads = creates[1].Attributes;
        Assert.Equal("120", uploads[QueueAttributeName.VisibilityTimeout]);
        Assert.Equal("345600", uploads[QueueAttributeName.MessageRetentionPeriod]);
        Assert.Equal("20", uploads[QueueAttributeName.ReceiveMessageWaitTimeSeconds]);
        using var redrive = JsonDocument.Parse(uploads[QueueAttributeName.RedrivePolicy]);
        Assert.Equal(Arn("app-qa-uploads-dlq"), redrive.RootElement.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal(3, redrive.RootElement.GetProperty("maxReceiveCount").GetInt32());
        Assert.False(creates[0].Attributes.ContainsKey(QueueAttributeName.RedrivePolicy));

        Assert.Equal(new ProvisionedQueueAddress("app-qa-uploads", Url("app-qa-uploads"), Arn("app-qa-uploads")), resources.Queues["uploads"]);
    }

    [Fact]
    public async Task Creates_the_bucket_with_prefix_and_suffix_notifications_to_the_queue()
    {
        var resources = await ProvisionAsync();

        Assert.Equal("app-qa-videos", Assert.Single(s3.RequestsOf<PutBucketRequest>()).BucketName);
        var notification = Assert.Single(s3.RequestsOf<PutBucketNotificationRequest>());
        Assert.Equal(2, notification.QueueConfigurations.Count);
        Assert.All(notification.QueueConfigurations, c =>
        {
            Assert.Equal(Arn("app-qa-uploads"), c.Queue);
            Assert.Equal("s3:ObjectCreated:*", Assert.Single(c.Events).Value);
            Assert.Equal("uploads/", c.Filter.S3KeyFilter.FilterRules.Single(r => r.Name == "Prefix").Value);
        });
        Assert.Equal([".mp4", ".mov"], notification.QueueConfigurations.Select(c => c.Filter.S3KeyFilter.FilterRules.Single(r => r.Name == "Suffix").Value));

        var bucket = resources.Buckets["videos"];
        Assert.Equal(Url("app-qa-uploads"), Assert.Single(bucket.NotificationsFor("uploads/x.mov")).QueueUrl);
        Assert.Empty(bucket.NotificationsFor("uploads/x.MOV.txt"));
    }

    [Fact]
    public async Task Existing_resources_are_accepted_and_converged()
    {
        dynamo
            .On<CreateTableRequest, CreateTableResponse>(_ => throw new ResourceInUseException("Table already exists"))
            .On<DescribeTimeToLiveRequest, DescribeTimeToLiveResponse>(_ => new DescribeTimeToLiveResponse
            {
                TimeToLiveDescription = new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.ENABLED, AttributeName = "expires_at" },
            });
        sqs
            .On<CreateQueueRequest, CreateQueueResponse>(_ => throw new QueueNameExistsException("exists with other attributes"))
            .On<GetQueueUrlRequest, GetQueueUrlResponse>(r => new GetQueueUrlResponse { QueueUrl = Url(r.QueueName) })
            .On<SetQueueAttributesRequest, SetQueueAttributesResponse>(_ => new SetQueueAttributesResponse());
        s3.On<PutBucketRequest, PutBucketResponse>(_ => throw new AmazonS3Exception("mine already") { ErrorCode = "BucketAlreadyOwnedByYou" });

        var resources = await ProvisionAsync();

        Assert.Empty(dynamo.RequestsOf<UpdateTimeToLiveRequest>());
        Assert.Equal(2, sqs.RequestsOf<SetQueueAttributesRequest>().Count());
        Assert.Contains(sqs.RequestsOf<SetQueueAttributesRequest>(), r => r.Attributes.ContainsKey(QueueAttributeName.RedrivePolicy));
        Assert.Single(s3.RequestsOf<PutBucketNotificationRequest>());
        Assert.Equal("app-qa-uploads-dlq", resources.Queues["dlq"].Name);
    }

    [Fact]
    public async Task Ttl_on_another_attribute_is_reported_not_overwritten()
    {
        dynamo.On<DescribeTimeToLiveRequest, DescribeTimeToLiveResponse>(_ => new DescribeTimeToLiveResponse
        {
            TimeToLiveDescription = new TimeToLiveDescription { TimeToLiveStatus = TimeToLiveStatus.ENABLED, AttributeName = "old_ttl" },
        });

        var error = await Assert.ThrowsAsync<ResourceProvisioningException>(ProvisionAsync);

        Assert.Contains("old_ttl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_table_that_never_becomes_active_is_reported()
    {
        dynamo.On<DescribeTableRequest, DescribeTableResponse>(_ => new DescribeTableResponse { Table = new TableDescription { TableStatus = TableStatus.CREATING } });

        var error = await Assert.ThrowsAsync<ResourceProvisioningException>(ProvisionAsync);

        Assert.Contains("app-qa-jobs", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, dynamo.RequestsOf<DescribeTableRequest>().Count());
    }

    [Fact]
    public async Task Another_bucket_error_is_not_swallowed()
    {
        s3.On<PutBucketRequest, PutBucketResponse>(_ => throw new AmazonS3Exception("denied") { ErrorCode = "AccessDenied" });

        await Assert.ThrowsAsync<AmazonS3Exception>(ProvisionAsync);
    }

    [Fact]
    public void A_redrive_cycle_is_rejected()
    {
        var a = new SqsQueueDefinition("a", "a", 30, 60, 0, new SqsRedriveDefinition("b", 1));
        var b = new SqsQueueDefinition("b", "b", 30, 60, 0, new SqsRedriveDefinition("a", 1));

        Assert.Throws<TerraformModuleException>(() => SqsQueueProvisioner.CreationOrder([a, b]));
    }

    [Fact]
    public async Task Provisions_what_the_repository_module_declares_with_the_code_constants()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        var resources = await provisioner.ProvisionAsync(module, "t123", dynamo.Client, sqs.Client, s3.Client, CancellationToken.None);

        Assert.Equal("lifestream-t123-jobs", resources.JobsTableName);
        Assert.Equal("lifestream-t123-idempotency", resources.IdempotencyTableName);
        Assert.Equal("lifestream-t123-videos", resources.VideosBucket.Name);
        Assert.Equal(Url("lifestream-t123-uploads"), resources.UploadsQueue.Url);
        Assert.Equal(Arn("lifestream-t123-uploads-dlq"), resources.UploadsDeadLetterQueue.Arn);
        var creates = dynamo.RequestsOf<CreateTableRequest>().ToDictionary(r => r.TableName);
        Assert.Equal(
            [JobsTableSchema.S3KeyIndexName, JobsTableSchema.OwnerIndexName, Lifestream.Core.Reconciliation.RecoveryIndexSchema.OpenJobsIndexName],
            creates[resources.JobsTableName].GlobalSecondaryIndexes.Select(i => i.IndexName));
        Assert.Equal(IdempotencyTableSchema.TimeToLive, Assert.Single(dynamo.RequestsOf<UpdateTimeToLiveRequest>()).TimeToLiveSpecification.AttributeName);
        Assert.NotEmpty(resources.VideosBucket.NotificationsFor("uploads/demo.mp4"));
    }

    private Task<ProvisionedResources> ProvisionAsync() =>
        provisioner.ProvisionAsync(Definitions, dynamo.Client, sqs.Client, s3.Client, CancellationToken.None);

    private static string Url(string queueName) => $"http://127.0.0.1:4566/{Account}/{queueName}";

    private static string Arn(string queueName) => $"arn:aws:sqs:us-east-1:{Account}:{queueName}";
}
