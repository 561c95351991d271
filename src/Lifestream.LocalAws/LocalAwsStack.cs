using Lifestream.Aws.Clients;
using Lifestream.LocalAws.Docker;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.LocalAws;

/// <summary>Which backend serves the local stack.</summary>
public enum LocalAwsBackend
{
    /// <summary>Endpoints from AWS_ENDPOINT_URL* (someone else runs them).</summary>
    External,

    /// <summary>fauxqs (S3 + SQS) and DynamoDB Local started from tools/emulators.</summary>
    Emulators,

    /// <summary>LocalStack in Docker via Testcontainers.</summary>
    LocalStack,
}

/// <summary>
/// S3, SQS and DynamoDB on this machine. <see cref="StartAsync"/> picks the backend
/// (<c>LIFESTREAM_LOCAL_AWS</c> = auto | emulators | localstack | external): endpoints already in
/// <c>AWS_ENDPOINT_URL*</c> win; otherwise the npm emulators on free loopback ports; otherwise LocalStack when
/// a Docker daemon answers. Disposing stops everything it started.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "A stack of services, not a Stack<T>.")]
public sealed class LocalAwsStack : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned;

    private LocalAwsStack(LocalAwsBackend backend, AwsEndpoints endpoints, List<IAsyncDisposable> owned, IReadOnlyList<ManagedProcess> processes)
    {
        Backend = backend;
        Endpoints = endpoints;
        this.owned = owned;
        Processes = processes;
        Clients = new AwsClientFactory(endpoints, LocalAwsDefaults.Region);
    }

    public LocalAwsBackend Backend { get; }

    public AwsEndpoints Endpoints { get; }

    public AwsClientFactory Clients { get; }

    /// <summary>Emulator processes this stack started (empty for external/LocalStack).</summary>
    public IReadOnlyList<ManagedProcess> Processes { get; }

    /// <summary>Variables that point a child process (processor host, CLI) at this stack.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables
    {
        get
        {
            var env = new Dictionary<string, string>(Endpoints.ToEnvironmentVariables(), StringComparer.Ordinal)
            {
                ["AWS_REGION"] = LocalAwsDefaults.Region,
            };
            if (Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID") is null)
            {
                env["AWS_ACCESS_KEY_ID"] = "lifestreamlocal";
                env["AWS_SECRET_ACCESS_KEY"] = "lifestreamlocal";
            }

            return env;
        }
    }

    public static Task<LocalAwsStack> StartAsync(CancellationToken cancellationToken) =>
        StartAsync(EmulatorJitProfile.FastStartup, cancellationToken);

    /// <param name="jit">For the JVM emulator (DynamoDB Local) when this call starts it; ignored otherwise.</param>
    public static async Task<LocalAwsStack> StartAsync(EmulatorJitProfile jit, CancellationToken cancellationToken)
    {
        var mode = (Environment.GetEnvironmentVariable(LocalAwsDefaults.ModeVariable) ?? "auto").Trim().ToLowerInvariant();
        var fromEnv = AwsEndpoints.FromProcessEnvironment();
        switch (mode)
        {
            case "external":
                return External(fromEnv);
            case "emulators":
                return await StartEmulatorsAsync(RequireInstallation(), jit, cancellationToken).ConfigureAwait(false);
            case "localstack":
                return await StartLocalStackAsync(cancellationToken).ConfigureAwait(false);
            case "auto":
                break;
            default:
                throw new LocalAwsException($"{LocalAwsDefaults.ModeVariable}='{mode}' is not one of auto, emulators, localstack, external.");
        }

        if (fromEnv.AnyOverridden)
        {
            return External(fromEnv);
        }

        var installation = EmulatorInstallation.TryLocate(out var problem);
        if (installation is not null)
        {
            return await StartEmulatorsAsync(installation, jit, cancellationToken).ConfigureAwait(false);
        }

        var docker = await DockerAvailability.ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (docker.Available)
        {
            return await StartLocalStackAsync(cancellationToken).ConfigureAwait(false);
        }

        throw new LocalAwsException($"No local AWS available. {problem} And {docker.Reason}.");
    }

    /// <summary>Joins endpoints someone else runs (a `lifestream local up` in another terminal); disposing stops nothing.</summary>
    public static LocalAwsStack Connect(AwsEndpoints endpoints) => External(endpoints);

    public async ValueTask DisposeAsync()
    {
        // Stop in reverse start order; keep going if one fails so nothing is left running.
        List<Exception>? errors = null;
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await owned[i].DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                (errors ??= []).Add(ex);
            }
        }

        owned.Clear();
        if (errors is not null)
        {
            throw new AggregateException("Stopping the local AWS stack failed.", errors);
        }
    }

    private static LocalAwsStack External(AwsEndpoints endpoints)
    {
        if (!endpoints.CoversLocalStack)
        {
            throw new LocalAwsException(
                $"External endpoints must cover S3, SQS and DynamoDB: set {AwsEndpoints.GlobalVariable} or each of {AwsEndpoints.S3Variable}, {AwsEndpoints.SqsVariable}, {AwsEndpoints.DynamoDbVariable}.");
        }

        return new LocalAwsStack(LocalAwsBackend.External, endpoints, [], []);
    }

    private static EmulatorInstallation RequireInstallation() =>
        EmulatorInstallation.TryLocate(out var problem) ?? throw new LocalAwsException(problem);

    private static async Task<LocalAwsStack> StartEmulatorsAsync(EmulatorInstallation installation, EmulatorJitProfile jit, CancellationToken cancellationToken)
    {
        // Start both at once: DynamoDB Local's JVM start dominates.
        var fauxqsTask = FauxqsEmulator.StartAsync(installation, cancellationToken);
        var dynamoTask = DynamoDbLocalEmulator.StartAsync(installation, jit, cancellationToken);
        try
        {
            await Task.WhenAll(fauxqsTask, dynamoTask).ConfigureAwait(false);
        }
        catch
        {
            foreach (var task in new[] { fauxqsTask, dynamoTask })
            {
                if (task.IsCompletedSuccessfully)
                {
                    await task.Result.DisposeAsync().ConfigureAwait(false);
                }
            }

            throw;
        }

        var fauxqs = fauxqsTask.Result;
        var dynamo = dynamoTask.Result;
        var endpoints = new AwsEndpoints(fauxqs.Endpoint, fauxqs.Endpoint, dynamo.Endpoint);
        return new LocalAwsStack(LocalAwsBackend.Emulators, endpoints, [fauxqs, dynamo], [fauxqs.Process, dynamo.Process]);
    }

    private static async Task<LocalAwsStack> StartLocalStackAsync(CancellationToken cancellationToken)
    {
        var (endpoint, container) = await LocalStackBackend.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LocalAwsStack(LocalAwsBackend.LocalStack, new AwsEndpoints(endpoint, endpoint, endpoint), [container], []);
    }
}
