using Lifestream.Aws.Clients;
using Lifestream.Aws.Ecs;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Dispatcher.Lambda.Sqs;
using Microsoft.Extensions.Logging;

namespace Lifestream.Dispatcher.Lambda;

/// <summary>Builds the dispatcher from the environment; every setting problem is reported at once.</summary>
public static class LambdaComposition
{
    /// <summary>Throws <see cref="DispatcherConfigurationException"/> listing every missing or invalid setting.</summary>
    public static SqsBatchHandler CreateHandler(EnvironmentReader reader, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(loggers);
        var settings = DispatcherEnvironment.Read(reader);
        var ecsOptions = EcsTaskLauncherOptions.Read(reader);
        var ecsClientOptions = EcsTaskLauncherOptions.ReadClient(reader);
        reader.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems));

        var clients = new AwsClientFactory(AwsEndpoints.FromEnvironment(reader.Lookup), ecsClientOptions.Region);
        var s3 = clients.CreateS3();
        var dynamo = clients.CreateDynamoDb();
        var launcher = new EcsTaskLauncher(new EcsRunTaskHttpClient(ecsClientOptions, time: time), ecsOptions);
        var dispatcher = new Core.Dispatching.UploadDispatcher(
            settings.Dispatcher,
            settings.Idempotency,
            new S3ObjectStore(s3, time),
            new DynamoDbIdempotencyStore(dynamo, settings.Dispatcher.IdempotencyTableName, settings.Idempotency, time),
            new DynamoDbJobStore(dynamo, settings.Dispatcher.JobsTableName),
            launcher,
            time,
            loggers.CreateLogger<Core.Dispatching.UploadDispatcher>());
        return new SqsBatchHandler(dispatcher);
    }
}
