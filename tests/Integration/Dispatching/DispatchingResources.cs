using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SQS;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>
/// One environment's worth of resources (tables, queues, bucket) created on the emulators from the Terraform
/// module by the shared provisioner, plus the real adapters over them. <see cref="SharedAsync"/> gives one
/// environment for all dispatching tests (they isolate by unique object keys); <see cref="FreshAsync"/> a new
/// one for tests that need empty queues.
/// </summary>
public sealed class DispatchingResources
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TerraformModule? module;
    private static DispatchingResources? shared;

    private DispatchingResources(LocalAwsFixture fixture, ProvisionedResources resources)
    {
        var clients = fixture.Stack.Clients;
        Clients = clients;
        DynamoDb = clients.CreateDynamoDb();
        S3 = clients.CreateS3();
        Sqs = clients.CreateSqs();
        Resources = resources;
    }

    public Lifestream.Aws.Clients.AwsClientFactory Clients { get; }

    public IAmazonDynamoDB DynamoDb { get; }

    public IAmazonS3 S3 { get; }

    public IAmazonSQS Sqs { get; }

    public ProvisionedResources Resources { get; }

    public string Bucket => Resources.VideosBucket.Name;

    public static async Task<DispatchingResources> SharedAsync(LocalAwsFixture fixture)
    {
        await Gate.WaitAsync();
        try
        {
            return shared ??= await ProvisionAsync(fixture);
        }
        finally
        {
            Gate.Release();
        }
    }

    public static async Task<DispatchingResources> FreshAsync(LocalAwsFixture fixture)
    {
        await Gate.WaitAsync();
        try
        {
            return await ProvisionAsync(fixture);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task<DispatchingResources> ProvisionAsync(LocalAwsFixture fixture)
    {
        ArgumentNullException.ThrowIfNull(fixture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        module ??= await TerraformModule.LoadFromRepositoryAsync(timeout.Token);
        var clients = fixture.Stack.Clients;
        using var dynamoDb = clients.CreateDynamoDb();
        using var sqs = clients.CreateSqs();
        using var s3 = clients.CreateS3();
        var resources = await new LocalResourceProvisioner().ProvisionAsync(module, EnvironmentNames.NewUnique(), dynamoDb, sqs, s3, timeout.Token);
        return new DispatchingResources(fixture, resources);
    }

    public DynamoDbIdempotencyStore ClaimStore(IdempotencyOptions policy, TimeProvider time) =>
        new(DynamoDb, Resources.IdempotencyTableName, policy, time);

    public DynamoDbJobStore JobStore() => new(DynamoDb, Resources.JobsTableName);

    public S3ObjectStore ObjectStore() => new(S3);

    public UploadDispatcher Dispatcher(IdempotencyOptions policy, TimeProvider time, ITaskLauncher launcher) => new(
        new DispatcherOptions { JobsTableName = Resources.JobsTableName, IdempotencyTableName = Resources.IdempotencyTableName },
        policy,
        ObjectStore(),
        ClaimStore(policy, time),
        JobStore(),
        launcher,
        time,
        NullLogger<UploadDispatcher>.Instance);

    /// <summary>Uploads <paramref name="content"/> and returns the unquoted ETag S3 reports.</summary>
    public async Task<string> PutObjectAsync(string key, string content)
    {
        var response = await S3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = key, ContentBody = content, ContentType = "video/mp4" });
        return IdempotencyKey.NormalizeETag(response.ETag);
    }

    /// <summary>The S3 event notification AWS would send for <paramref name="key"/> (key form-URL-encoded, as S3 does).</summary>
    public string S3EventBody(string key) =>
        "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\",\"s3\":{\"bucket\":{\"name\":\""
        + Bucket + "\"},\"object\":{\"key\":\"" + System.Net.WebUtility.UrlEncode(key).Replace("%2F", "/", StringComparison.Ordinal) + "\"}}}]}";
}
