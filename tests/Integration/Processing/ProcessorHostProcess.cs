using System.Diagnostics;
using System.Text;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>The real processor host binary (the apphost copied next to the tests) started as a child process.</summary>
internal sealed class ProcessorHostProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ProcessorHostProcess(Process process)
    {
        this.process = process;
    }

    public static string HostPath => Path.Combine(AppContext.BaseDirectory, "Lifestream.Processor.Ecs");

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>stdout and stderr interleaved (the host logs to the console).</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static ProcessorHostProcess Start(IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(HostPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // A clean environment: only what the dispatcher would pass plus what the runtime needs.
        info.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME", "DOTNET_ROOT", "TMPDIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                info.Environment[name] = value;
            }
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var host = new ProcessorHostProcess(process);
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>Waits for exit (the test's own timeout guards hangs) and returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken = default)
    {
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>What ECS does on StopTask: SIGTERM, then SIGKILL after the grace period.</summary>
    public void SendSigterm()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {process.Id} failed with {kill.ExitCode}");
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
