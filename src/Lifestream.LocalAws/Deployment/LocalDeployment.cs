using Amazon.DynamoDBv2;
using Amazon.S3;
using Amazon.SQS;
using Lifestream.Aws.Persistence;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Launching;
using Lifestream.LocalAws.Provisioning;
using Lifestream.LocalAws.Submission;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging;

namespace Lifestream.LocalAws.Deployment;

/// <summary>
/// The whole AWS flow on one machine: the local AWS stack, the resources the Terraform module describes,
/// the dispatcher fed by a queue worker (the Lambda's stand-in) and processor tasks started as local
/// processes (Fargate's stand-in). `lifestream local up` and the end-to-end tests run this. Recovery runs as in
/// AWS: task exits go to the task-events queue as ECS task state changes (the EventBridge rule's stand-in), a
/// second queue worker feeds them to the same dispatcher entry point, and a timer stands in for the sweep schedule.
/// </summary>
public sealed class LocalDeployment : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private readonly bool ownsStack;
    private readonly IAmazonS3 s3;
    private readonly IAmazonSQS sqs;
    private readonly IAmazonDynamoDB dynamoDb;
    private Task workerTask = Task.CompletedTask;
    private Task taskEventsWorkerTask = Task.CompletedTask;
    private Task sweepTask = Task.CompletedTask;

    private LocalDeployment(LocalAwsStack stack, bool ownsStack, ProvisionedResources resources, LocalDeploymentOptions options)
    {
        Stack = stack;
        this.ownsStack = ownsStack;
        Resources = resources;
        Options = options;
        s3 = stack.Clients.CreateS3();
        sqs = stack.Clients.CreateSqs();
        dynamoDb = stack.Clients.CreateDynamoDb();
        Jobs = new DynamoDbJobStore(dynamoDb, resources.JobsTableName);
        Claims = new DynamoDbIdempotencyStore(dynamoDb, resources.IdempotencyTableName, options.ClaimPolicy, TimeProvider.System);
        Submitter = new VideoSubmitter(s3, sqs, Jobs, resources, LocalAwsDefaults.Region, TimeProvider.System);
    }

    public LocalAwsStack Stack { get; }

    public ProvisionedResources Resources { get; }

    public LocalDeploymentOptions Options { get; }

    public IJobStore Jobs { get; }

    public IIdempotencyStore Claims { get; }

    public VideoSubmitter Submitter { get; }

    public LocalProcessLauncher? Launcher { get; private set; }

    public SqsQueueWorker? Worker { get; private set; }

    /// <summary>The worker on the task-events queue (task stops, sweeps).</summary>
    public SqsQueueWorker? TaskEventsWorker { get; private set; }

    public StaleWorkSweeper? Sweeper { get; private set; }

    /// <summary>The S3 client of this deployment (results download, inspection).</summary>
    public IAmazonS3 S3 => s3;

    public IAmazonSQS Sqs => sqs;

    public IAmazonDynamoDB DynamoDb => dynamoDb;

    /// <summary>
    /// Starts (or joins, when <paramref name="existingStack"/> is given) the local stack, provisions the
    /// Terraform-described resources for <see cref="LocalDeploymentOptions.EnvName"/>, and, when
    /// <see cref="LocalDeploymentOptions.ProcessorCommand"/> is set, starts the queue worker.
    /// </summary>
    public static async Task<LocalDeployment> StartAsync(LocalDeploymentOptions options, ILoggerFactory loggers, CancellationToken cancellationToken, LocalAwsStack? existingStack = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggers);
        EnvironmentNames.Validate(options.EnvName, nameof(options.EnvName));
        options.ClaimPolicy.ThrowIfInvalid(problems => new InvalidIdempotencyOptionsException(problems));
        var stack = existingStack ?? await LocalAwsStack.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var module = await TerraformModule.LoadFromRepositoryAsync(cancellationToken).ConfigureAwait(false);
            using var dynamo = stack.Clients.CreateDynamoDb();
            using var queues = stack.Clients.CreateSqs();
            using var buckets = stack.Clients.CreateS3();
            var resources = await new LocalResourceProvisioner().ProvisionAsync(module, options.EnvName, dynamo, queues, buckets, cancellationToken).ConfigureAwait(false);
            var deployment = new LocalDeployment(stack, existingStack is null, resources, options);
            if (options.ProcessorCommand is { Count: > 0 })
            {
                deployment.StartWorker(loggers);
            }

            return deployment;
        }
        catch
        {
            if (existingStack is null)
            {
                await stack.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>The variables a processor task gets besides those the dispatcher sets per job.</summary>
    public IReadOnlyDictionary<string, string> TaskBaseEnvironment
    {
        get
        {
            var env = new Dictionary<string, string>(Stack.EnvironmentVariables, StringComparer.Ordinal);
            foreach (var (name, value) in Options.ExtraTaskEnvironment)
            {
                env[name] = value;
            }

            return env;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        foreach (var task in new[] { workerTask, taskEventsWorkerTask, sweepTask })
        {
            try
            {
                await task.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (Launcher is not null)
        {
            await Launcher.DisposeAsync().ConfigureAwait(false);
        }

        s3.Dispose();
        sqs.Dispose();
        dynamoDb.Dispose();
        stopping.Dispose();
        if (ownsStack)
        {
            await Stack.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void StartWorker(ILoggerFactory loggers)
    {
        Directory.CreateDirectory(Options.ProcessorWorkDir);
        var taskEventsQueue = Resources.TaskEventsQueue.Url;
        Launcher = new LocalProcessLauncher(
            new LocalProcessLauncherOptions
            {
                Command = Options.ProcessorCommand!,
                BaseEnvironment = TaskBaseEnvironment,
                Output = Options.TaskOutput,
                StopGracePeriod = Options.TaskStopGracePeriod,
                Group = $"family:lifestream-{Options.EnvName}-processor",
                OnStopped = async change =>
                {
                    Options.TaskStopped?.Invoke(change);
                    await sqs.SendMessageAsync(taskEventsQueue, TaskStateChangeEvent.ToJson(change, "processor", LocalAwsDefaults.Region, DateTimeOffset.UtcNow), CancellationToken.None).ConfigureAwait(false);
                },
            },
            loggers.CreateLogger<LocalProcessLauncher>());
        ITaskLauncher launcher = Options.WrapLauncher is { } wrap ? wrap(Launcher) : Launcher;
        var dispatcherOptions = new DispatcherOptions
        {
            JobsTableName = Resources.JobsTableName,
            IdempotencyTableName = Resources.IdempotencyTableName,
            TaskTimeout = Options.TaskTimeout,
            ProcessorWorkDir = Options.ProcessorWorkDir,
            VideosBucket = Resources.VideosBucket.Name,
            Limits = Options.Limits,
        };
        var objects = new S3ObjectStore(s3);
        var dispatcher = new UploadDispatcher(dispatcherOptions, Options.ClaimPolicy, objects, Claims, Jobs, launcher, TimeProvider.System, loggers.CreateLogger<UploadDispatcher>());
        var recovery = new AttemptRecovery(dispatcherOptions, Options.ClaimPolicy, objects, Claims, Jobs, launcher, TimeProvider.System, loggers.CreateLogger<AttemptRecovery>());
        Sweeper = new StaleWorkSweeper(
            new DynamoDbRecoveryIndex(dynamoDb, Resources.JobsTableName, Resources.IdempotencyTableName),
            recovery,
            Claims,
            Jobs,
            new SweeperOptions { TaskTimeout = Options.TaskTimeout, UploadsBucket = Resources.VideosBucket.Name },
            TimeProvider.System,
            loggers.CreateLogger<StaleWorkSweeper>());
        var router = new DispatcherRouter(dispatcher.DispatchBatchAsync, new TaskStopReconciler(recovery, loggers.CreateLogger<TaskStopReconciler>()), Sweeper, loggers.CreateLogger<DispatcherRouter>());
        Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch = router.DispatchBatchAsync;
        if (Options.WrapDispatch is { } wrapDispatch)
        {
            dispatch = wrapDispatch(dispatch);
        }

        Worker = new SqsQueueWorker(sqs, Resources.UploadsQueue.Url, dispatch, Options.Worker, loggers.CreateLogger<SqsQueueWorker>());
        TaskEventsWorker = new SqsQueueWorker(sqs, taskEventsQueue, dispatch, Options.Worker, loggers.CreateLogger<SqsQueueWorker>());
        workerTask = Worker.RunAsync(stopping.Token);
        taskEventsWorkerTask = TaskEventsWorker.RunAsync(stopping.Token);
        sweepTask = SweepPeriodicallyAsync(Sweeper, loggers.CreateLogger<LocalDeployment>(), stopping.Token);
    }

    /// <summary>The local stand-in for the EventBridge sweep schedule (terraform/reconcile.tf).</summary>
    private async Task SweepPeriodicallyAsync(StaleWorkSweeper sweeper, ILogger logger, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Options.SweepInterval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await sweeper.SweepAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "A sweep failed; the next one retries");
            }
        }
    }
}

/// <summary>Settings of <see cref="LocalDeployment"/>.</summary>
public sealed record LocalDeploymentOptions
{
    /// <summary>Terraform <c>env</c> variable: resource names are derived from it (<c>local</c> for humans, unique per test run).</summary>
    public string EnvName { get; init; } = EnvironmentNames.Local;

    /// <summary>The processor host command line; null runs no worker (submit/status/results only).</summary>
    public IReadOnlyList<string>? ProcessorCommand { get; init; }

    /// <summary>WORK_DIR of the local tasks.</summary>
    public string ProcessorWorkDir { get; init; } = Path.Combine(Path.GetTempPath(), "lifestream-local");

    public TimeSpan TaskTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan TaskStopGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    public IdempotencyOptions ClaimPolicy { get; init; } = new();

    /// <summary>The upload limits the local dispatcher checks and passes to its tasks.</summary>
    public UploadLimits Limits { get; init; } = new();

    public SqsQueueWorkerOptions Worker { get; init; } = new();

    /// <summary>Extra task variables (pipeline engine settings).</summary>
    public IReadOnlyDictionary<string, string> ExtraTaskEnvironment { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives the tasks' output lines.</summary>
    public Action<string>? TaskOutput { get; init; }

    /// <summary>How often the sweeper runs (EventBridge schedule in AWS).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Observes every task exit as it is reported (tests and the fault soak).</summary>
    public Action<TaskStateChange>? TaskStopped { get; init; }

    /// <summary>Wraps the task launcher (fault injection in the soak); null launches directly.</summary>
    public Func<ITaskLauncher, ITaskLauncher>? WrapLauncher { get; init; }

    /// <summary>Wraps the dispatcher entry point both queue workers call (fault injection in the soak).</summary>
    public Func<Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>>, Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>>>? WrapDispatch { get; init; }

    /// <summary>The processor host next to the calling program (the CLI and the tests reference it).</summary>
    public static IReadOnlyList<string>? ProcessorNextToApp()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Lifestream.Processor.Ecs.dll");
        return File.Exists(dll) ? ["dotnet", dll] : null;
    }
}
