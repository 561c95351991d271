using Amazon.S3;
using Amazon.S3.Model;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Unit.Aws;

namespace Lifestream.Benchmarks.LambdaStartup;

/// <summary>
/// The first event that does real work: an S3 ObjectCreated record for a freshly uploaded object, so the host
/// makes HeadObject (fauxqs), claims and creates the job (DynamoDB Local, tables from the Terraform module) and
/// calls ECS RunTask, answered by a loopback fake (ECS is not emulated here). The emulators run on the same
/// cores and are reached over plain HTTP on loopback: real AWS adds TLS and network round trips.
/// </summary>
public sealed class EmulatorDispatchScenario : IStartupScenario
{
    private const string RunTaskAnswer = """{"tasks":[{"taskArn":"arn:aws:ecs:eu-west-1:000000000000:task/lifestream-bench/startup","lastStatus":"PROVISIONING"}],"failures":[]}""";

    private readonly LocalAwsStack stack;
    private readonly IAmazonS3 s3;
    private readonly LoopbackHttpServer ecs;
    private readonly ProvisionedResources resources;
    private int launchesExpected;

    private EmulatorDispatchScenario(LocalAwsStack stack, IAmazonS3 s3, LoopbackHttpServer ecs, ProvisionedResources resources)
    {
        this.stack = stack;
        this.s3 = s3;
        this.ecs = ecs;
        this.resources = resources;
        var environment = new Dictionary<string, string>(stack.EnvironmentVariables, StringComparer.Ordinal)
        {
            ["AWS_ENDPOINT_URL_ECS"] = ecs.BaseUri.ToString().TrimEnd('/'),
        };
        foreach (var (name, value) in DispatcherSettings.For(resources.JobsTableName, resources.IdempotencyTableName))
        {
            environment[name] = value;
        }

        Environment = environment;
    }

    public string Name => "s3-upload-dispatch";

    public string Description => "one SQS record for a new upload: HeadObject on fauxqs, claim + job on DynamoDB Local, RunTask on a loopback fake ECS";

    public IReadOnlyDictionary<string, string> Environment { get; }

    public static async Task<EmulatorDispatchScenario> StartAsync(CancellationToken cancellationToken)
    {
        var stack = await LocalAwsStack.StartAsync(cancellationToken);
        var s3 = stack.Clients.CreateS3();
        using var sqs = stack.Clients.CreateSqs();
        using var dynamo = stack.Clients.CreateDynamoDb();
        var module = await TerraformModule.LoadFromRepositoryAsync(cancellationToken);
        var resources = await new LocalResourceProvisioner().ProvisionAsync(module, EnvironmentNames.NewUnique(), dynamo, sqs, s3, cancellationToken);
        var ecs = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(200, RunTaskAnswer)));
        return new EmulatorDispatchScenario(stack, s3, ecs, resources);
    }

    public async Task<string> NextEventAsync(int run, CancellationToken cancellationToken)
    {
        var bucket = resources.VideosBucket.Name;
        var key = $"uploads/lambda-start-{run}-{Guid.NewGuid():N}.mp4";
        var body = new byte[1024];
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body) }, cancellationToken);
        launchesExpected = ecs.Requests.Count + 1;
        var record = S3EventNotification.ObjectCreated(bucket, key, body.Length, put.ETag, DateTimeOffset.UtcNow, LocalAwsDefaults.Region);
        return SqsEventPayload.WithOneRecord($"upload-{run}", record, resources.UploadsQueue.Arn);
    }

    public string? Check(string responseBody) =>
        BatchResponse.Problem(responseBody)
        ?? (ecs.Requests.Count == launchesExpected ? null : $"expected RunTask call number {launchesExpected}, the fake ECS saw {ecs.Requests.Count}");

    public async ValueTask DisposeAsync()
    {
        await ecs.DisposeAsync();
        s3.Dispose();
        await stack.DisposeAsync();
    }
}
