using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Pipeline.ProbeOnly;
using Lifestream.Core.Processing;

namespace Lifestream.Processor.Ecs;

/// <summary>
/// Builds the AWS adapters from the default SDK configuration (credentials chain, region, and the
/// AWS_ENDPOINT_URL_* overrides that point the same binary at the local emulators).
/// </summary>
internal sealed class AwsProcessorDependencyFactory : IProcessorDependencyFactory
{
    public IJobStore CreateJobStore(string jobsTableName) =>
        throw new NotSupportedException("TODO(lead): wire DynamoDbJobStore from src/Lifestream.Aws/Persistence once h/dispatcher lands.");

    public ProcessorDependencies Create(ProcessorSettings settings) =>
        throw new NotSupportedException("TODO(lead): wire DynamoDbJobStore, DynamoDbIdempotencyStore and S3ObjectStore once h/dispatcher lands.");

    /// <summary>
    /// The probe-only pipeline until the analysis orchestrator (pipeline issues) exists; then this becomes
    /// that orchestrator built from <see cref="ProcessorSettings.Pipeline"/>.
    /// </summary>
    internal static IVideoPipeline CreatePipeline(ProcessorSettings settings) => new ProbeOnlyPipeline();
}
