using Amazon.DynamoDBv2;
using Amazon.S3;
using Lifestream.Aws.Clients;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Pipeline.Composition;
using Lifestream.Core.Processing;
using Microsoft.Extensions.Logging;

namespace Lifestream.Processor.Ecs;

/// <summary>
/// Builds the AWS adapters from the default SDK configuration (credential chain, region, and the
/// AWS_ENDPOINT_URL_* overrides that point the same binary at the local emulators). Owns the SDK clients.
/// </summary>
internal sealed class AwsProcessorDependencyFactory(ILogger logger) : IProcessorDependencyFactory, IDisposable
{
    private readonly AwsClientFactory clients = AwsClientFactory.FromEnvironment();
    private IAmazonDynamoDB? dynamoDb;
    private IAmazonS3? s3;
    private DeferredVideoPipeline? pipeline;

    public IJobStore CreateJobStore(string jobsTableName) => new DynamoDbJobStore(DynamoDb, jobsTableName);

    public ProcessorDependencies Create(ProcessorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ProcessorDependencies(
            new DynamoDbJobStore(DynamoDb, settings.JobsTableName),
            new DynamoDbIdempotencyStore(DynamoDb, settings.IdempotencyTableName, settings.ClaimPolicy, TimeProvider.System),
            new S3ObjectStore(s3 ??= clients.CreateS3()),
            (IVideoPipeline?)CreateStubPipeline() ?? CreatePipeline(),
            new Lifestream.Pipeline.PipelineFailureClassifier());
    }

    public void Dispose()
    {
        pipeline?.Dispose();
        dynamoDb?.Dispose();
        s3?.Dispose();
    }

    private IAmazonDynamoDB DynamoDb => dynamoDb ??= clients.CreateDynamoDb();

    /// <summary>The fault soak's stub, only when the environment selects it explicitly (never the default).</summary>
    private StubVideoPipeline? CreateStubPipeline()
    {
        var stub = StubVideoPipeline.FromEnvironment(Environment.GetEnvironmentVariable);
        if (stub is not null)
        {
            logger.LogWarning("{Variable}={Value}: running the stub pipeline (fault soaks only); results are not real summaries.", StubVideoPipeline.SelectVariable, StubVideoPipeline.SelectValue);
        }

        return stub;
    }

    /// <summary>The one pipeline both hosts run, built inside the job so set-up failures are reported as job failures.</summary>
    private DeferredVideoPipeline CreatePipeline() =>
        pipeline = new(async cancellationToken => await VideoPipelineFactory.CreateAsync(
            PipelineConfiguration.FromEnvironment(Environment.GetEnvironmentVariable),
            Environment.GetEnvironmentVariable,
            logger,
            cancellationToken).ConfigureAwait(false));
}
