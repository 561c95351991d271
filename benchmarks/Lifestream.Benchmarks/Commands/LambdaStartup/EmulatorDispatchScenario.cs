using Amazon.S3;
using Amazon.S3.Model;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Unit.Aws;

namespace Lifestream.Benchmarks.Commands.LambdaStartup;

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
    private readonly bool duplicates;
    private int launchesExpected;
    private string? firstEvent;

    private EmulatorDispatchScenario(LocalAwsStack stack, IAmazonS3 s3, LoopbackHttpServer ecs, ProvisionedResources resources, bool duplicates)
    {
        this.duplicates = duplicates;
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

    public string Name => duplicates ? "s3-duplicate-dispatch" : "s3-upload-dispatch";

    public string Description => duplicates
        ? "the same upload's record again in every run: HeadObject, the claim's conditional write fails (ConditionalCheckFailed), acknowledged without RunTask"
        : "one SQS record for a new upload: HeadObject on fauxqs, claim + job on DynamoDB Local, RunTask on a loopback fake ECS";

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <param name="duplicates">Redeliver the first upload's record in every run (the duplicate path) instead of a new upload.</param>
    public static async Task<EmulatorDispatchScenario> StartAsync(bool duplicates, CancellationToken cancellationToken)
    {
        var stack = await LocalAwsStack.StartAsync(cancellationToken);
        var s3 = stack.Clients.CreateS3();
        using var sqs = stack.Clients.CreateSqs();
        using var dynamo = stack.Clients.CreateDynamoDb();
        var module = await TerraformModule.LoadFromRepositoryAsync(cancellationToken);
        var resources = await new LocalResourceProvisioner().ProvisionAsync(module, EnvironmentNames.NewUnique(), dynamo, sqs, s3, cancellationToken);
        var ecs = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(200, RunTaskAnswer)));
        return new EmulatorDispatchScenario(stack, s3, ecs, resources, duplicates);
    }

    public async Task<string> NextEventAsync(int run, CancellationToken cancellationToken)
    {
        if (duplicates && firstEvent is not null)
        {
            launchesExpected = ecs.Requests.Count;
            return firstEvent;
        }


        var bucket = resources.VideosBucket.Name;
        var key = $"uploads/lambda-start-{run}-{Guid.NewGuid():N}.mp4";
        var body = new byte[1024];
        var put = await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(body) }, cancellationToken);
        launchesExpected = ecs.Requests.Count + 1;
        var record = S3EventNotification.ObjectCreated(bucket, key, body.Length, put.ETag, DateTimeOffset.UtcNow, LocalAwsDefaults.Region);
        firstEvent = SqsEventPayload.WithOneRecord($"upload-{run}", record, resources.UploadsQueue.Arn);
        return firstEvent;
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
