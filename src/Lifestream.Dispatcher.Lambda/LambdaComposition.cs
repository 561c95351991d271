using Lifestream.Aws.Clients;
using Lifestream.Aws.Ecs;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Reconciliation;
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
        var objects = new S3ObjectStore(s3, time);
        var claims = new DynamoDbIdempotencyStore(dynamo, settings.Dispatcher.IdempotencyTableName, settings.Idempotency, time);
        var jobs = new DynamoDbJobStore(dynamo, settings.Dispatcher.JobsTableName);
        var dispatcher = new Core.Dispatching.UploadDispatcher(
            settings.Dispatcher,
            settings.Idempotency,
            objects,
            claims,
            jobs,
            launcher,
            time,
            loggers.CreateLogger<Core.Dispatching.UploadDispatcher>());

        // Task stops and scheduled sweeps arrive on their own queue at this same handler (terraform/reconcile.tf).
        var recovery = new AttemptRecovery(settings.Dispatcher, settings.Idempotency, objects, claims, jobs, launcher, time, loggers.CreateLogger<AttemptRecovery>());
        var sweeper = new StaleWorkSweeper(
            new DynamoDbRecoveryIndex(dynamo, settings.Dispatcher.JobsTableName, settings.Dispatcher.IdempotencyTableName),
            recovery,
            claims,
            jobs,
            new SweeperOptions { TaskTimeout = settings.Dispatcher.TaskTimeout, UploadsBucket = settings.Dispatcher.VideosBucket! },
            time,
            loggers.CreateLogger<StaleWorkSweeper>());
        var router = new DispatcherRouter(dispatcher.DispatchBatchAsync, new TaskStopReconciler(recovery, loggers.CreateLogger<TaskStopReconciler>()), sweeper, loggers.CreateLogger<DispatcherRouter>());
        return new SqsBatchHandler(router.DispatchBatchAsync);
    }
}
