using Amazon.DynamoDBv2;
using Amazon.S3;
using Lifestream.Aws.Clients;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline.ProbeOnly;
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

    public IJobStore CreateJobStore(string jobsTableName) => new DynamoDbJobStore(DynamoDb, jobsTableName);

    public ProcessorDependencies Create(ProcessorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ProcessorDependencies(
            new DynamoDbJobStore(DynamoDb, settings.JobsTableName),
            new DynamoDbIdempotencyStore(DynamoDb, settings.IdempotencyTableName, settings.ClaimPolicy, TimeProvider.System),
            new S3ObjectStore(s3 ??= clients.CreateS3()),
            CreatePipeline(settings));
    }

    public void Dispose()
    {
        dynamoDb?.Dispose();
        s3?.Dispose();
    }

    private IAmazonDynamoDB DynamoDb => dynamoDb ??= clients.CreateDynamoDb();

    /// <summary>
    /// TODO(lead): the probe-only pipeline stands in until the analysis orchestrator (pipeline issues) lands;
    /// then build that orchestrator here from <see cref="ProcessorSettings.Pipeline"/>.
    /// </summary>
    private ProbeOnlyPipeline CreatePipeline(ProcessorSettings settings)
    {
        if (settings.Pipeline.AsrEngine is not null || settings.Pipeline.WhisperModelPath is not null || settings.Pipeline.VadModelPath is not null)
        {
            logger.LogWarning("Pipeline engine settings are set but this build runs the probe-only pipeline, which ignores them.");
        }

        logger.LogWarning("Running the probe-only pipeline: {Notice}", ProbeOnlyPipeline.NotAvailableNotice);
        return new ProbeOnlyPipeline();
    }
}
