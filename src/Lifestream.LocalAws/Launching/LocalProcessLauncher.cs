using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Dispatching;
using Microsoft.Extensions.Logging;

namespace Lifestream.LocalAws.Launching;

/// <summary>
/// The local stand-in for ECS RunTask: starts the processor host as a child process with the same
/// environment a Fargate task would get (plus the local endpoints). Like RunTask with a clientToken, a
/// repeated launch of the same job attempt does not start a second process.
/// </summary>
public sealed class LocalProcessLauncher : ITaskLauncher, IAsyncDisposable
{
    private readonly LocalProcessLauncherOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, LaunchedProcess> byToken = new(StringComparer.Ordinal);

    public LocalProcessLauncher(LocalProcessLauncherOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Command.Count == 0)
        {
            throw new ArgumentException("LocalProcessLauncherOptions.Command must name the processor host to start.", nameof(options));
        }

        this.options = options;
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Every process started so far (running or finished).</summary>
    public IReadOnlyCollection<LaunchedProcess> Launched => [.. byToken.Values];

    public Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var launched = byToken.GetOrAdd(request.ClientToken, _ => Start(request));
        return Task.FromResult(new LaunchedTask(launched.TaskArn));
    }

    /// <summary>Waits for every started process to exit (tests and `local down` use it).</summary>
    public async Task WaitForAllAsync(CancellationToken cancellationToken)
    {
        foreach (var launched in byToken.Values)
        {
            await launched.Process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var launched in byToken.Values)
        {
            if (!launched.Process.HasExited)
            {
                // Same as ECS StopTask: SIGTERM first, so the processor records `interrupted`.
                using (var term = Process.Start("kill", ["-TERM", launched.Process.Id.ToString(CultureInfo.InvariantCulture)]))
                {
                    await term.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                using var grace = new CancellationTokenSource(options.StopGracePeriod);
                try
                {
                    await launched.Process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    launched.Process.Kill(entireProcessTree: true);
                }
            }

            launched.Process.Dispose();
        }

        byToken.Clear();
    }

    private LaunchedProcess Start(TaskLaunchRequest request)
    {
        var startInfo = new ProcessStartInfo(options.Command[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = options.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in options.Command.Skip(1))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in options.BaseEnvironment)
        {
            startInfo.Environment[name] = value;
        }

        foreach (var (name, value) in request.Environment)
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new TaskLaunchException($"Could not start {options.Command[0]}.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new TaskLaunchException($"Could not start the processor host '{options.Command[0]}': {ex.Message}", ex);
        }

        var taskArn = $"local:{request.JobId}:{request.Attempt}:{process.Id}";
        var logPrefix = $"[{request.JobId}#{request.Attempt}]";
        process.OutputDataReceived += (_, e) => Forward(logPrefix, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(logPrefix, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        logger.LogInformation("Started processor {TaskArn} for s3://{Bucket}/{Key}", taskArn, request.S3Bucket, request.S3Key);
        return new LaunchedProcess(request.JobId, request.Attempt, taskArn, process);
    }

    private void Forward(string prefix, string? line)
    {
        if (line is not null)
        {
            options.Output?.Invoke($"{prefix} {line}");
        }
    }
}

/// <summary>A processor started by <see cref="LocalProcessLauncher"/>.</summary>
public sealed record LaunchedProcess(string JobId, int Attempt, string TaskArn, Process Process);

/// <summary>Settings of <see cref="LocalProcessLauncher"/>.</summary>
public sealed record LocalProcessLauncherOptions
{
    /// <summary>The processor host command line, e.g. ["dotnet", ".../Lifestream.Processor.Ecs.dll"].</summary>
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>Variables every task gets (local endpoints, credentials, pipeline settings).</summary>
    public IReadOnlyDictionary<string, string> BaseEnvironment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>ECS gives a stopped task 30 s between SIGTERM and SIGKILL.</summary>
    public TimeSpan StopGracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Receives the processors' output lines, prefixed with job and attempt.</summary>
    public Action<string>? Output { get; init; }
}
