using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Lifestream.LocalAws.Emulators;

/// <summary>
/// A child process that cannot outlive us. It runs under a small shell watchdog that kills it when this
/// .NET process disappears (even by SIGKILL, where no finalizer runs), and disposing kills the whole tree.
/// The last lines of its output are kept for error messages.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 60;

    // Checks twice a second whether the parent is alive; kills the child as soon as it is not.
    private const string WatchdogScript =
        "parent=$1; shift; \"$@\" & child=$!; " +
        "trap 'kill $child 2>/dev/null; wait $child 2>/dev/null; exit 0' TERM INT HUP; " +
        "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 0.5; done; " +
        "kill $child 2>/dev/null; wait $child 2>/dev/null";

    private static readonly ConcurrentDictionary<ManagedProcess, byte> Live = new();

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private int disposed;

    static ManagedProcess()
    {
        // Normal exits and Ctrl+C: kill what is still running. Hard kills are covered by the watchdog.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    private ManagedProcess(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    /// <summary>Id of the watchdog shell; the real program is its child.</summary>
    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>The last lines the process wrote to stdout and stderr.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, output);

    public static ManagedProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null) =>
        Start(name, fileName, arguments, workingDirectory, environment, Environment.ProcessId);

    /// <summary>As above, watching <paramref name="parentPid"/> instead of this process (tests use it).</summary>
    internal static ManagedProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        int parentPid)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(WatchdogScript);
        startInfo.ArgumentList.Add("lifestream-watchdog");
        startInfo.ArgumentList.Add(parentPid.ToString(CultureInfo.InvariantCulture));
        startInfo.ArgumentList.Add(fileName);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var managed = new ManagedProcess(name, process);
        process.OutputDataReceived += (_, e) => managed.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => managed.Keep(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: could not start '{fileName}'.");
        }

        Live[managed] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Ids of the watchdog and all its descendants (Linux /proc), for leak checks.</summary>
    public IReadOnlyList<int> ProcessTreeIds() => ProcessTree.Descendants(process.Id, includeRoot: true);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Live.TryRemove(this, out _);
        var tree = ProcessTreeIds();
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // Fall through to the per-pid kill below.
        }

        // Kill(entireProcessTree) misses children re-parented after the shell died; take them by pid.
        ProcessTree.KillAll(tree);
        process.Dispose();
    }

    private static void KillAll()
    {
        foreach (var managed in Live.Keys)
        {
            ProcessTree.KillAll(managed.ProcessTreeIds());
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > KeptOutputLines && output.TryDequeue(out _))
        {
        }
    }
}
