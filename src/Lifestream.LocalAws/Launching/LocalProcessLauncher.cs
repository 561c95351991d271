using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Reconciliation;
using Microsoft.Extensions.Logging;

namespace Lifestream.LocalAws.Launching;

/// <summary>
/// The local stand-in for ECS RunTask: starts the processor host as a child process with the same
/// environment a Fargate task would get (plus the local endpoints). Like RunTask with a clientToken, a
/// repeated launch of the same job attempt does not start a second process. Like ECS with its EventBridge rule,
/// every exit is reported as an <c>ECS Task State Change</c> (STOPPED, exit code, container overrides) to
/// <see cref="LocalProcessLauncherOptions.OnStopped"/>, so the local flow runs the same reconciler.
/// </summary>
public sealed class LocalProcessLauncher : ITaskLauncher, IAsyncDisposable
{
    private readonly LocalProcessLauncherOptions options;
    private readonly ILogger logger;
    private readonly ConcurrentDictionary<string, Lazy<LaunchedProcess>> byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<Task> reports = [];
    private volatile bool disposing;

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
    public IReadOnlyCollection<LaunchedProcess> Launched => [.. Started()];

    public Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        // Lazy: GetOrAdd may run its factory twice under a race; the process must start once per token.
        var entry = byToken.GetOrAdd(request.ClientToken, _ => new Lazy<LaunchedProcess>(() => Start(request)));
        try
        {
            return Task.FromResult(new LaunchedTask(entry.Value.TaskArn));
        }
        catch (TaskLaunchException)
        {
            byToken.TryRemove(new KeyValuePair<string, Lazy<LaunchedProcess>>(request.ClientToken, entry));
            throw;
        }
    }

    /// <summary>Waits for every started process to exit (tests and `local down` use it).</summary>
    public async Task WaitForAllAsync(CancellationToken cancellationToken)
    {
        foreach (var launched in Started())
        {
            await launched.Process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Stops caused by shutting the stack down are not failures to reconcile.
        disposing = true;
        foreach (var launched in Started())
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

        }

        await Task.WhenAll(reports).ConfigureAwait(false);
        foreach (var launched in Started())
        {
            launched.Process.Dispose();
        }

        byToken.Clear();
    }

    private IEnumerable<LaunchedProcess> Started() => byToken.Values.Where(l => l.IsValueCreated).Select(l => l.Value);

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
        var launched = new LaunchedProcess(request.JobId, request.Attempt, taskArn, process, DateTimeOffset.UtcNow);
        reports.Add(ReportStopAsync(launched, request));
        return launched;
    }

    private async Task ReportStopAsync(LaunchedProcess launched, TaskLaunchRequest request)
    {
        await launched.Process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        var exitCode = launched.Process.ExitCode;
        launched.ExitedAt = DateTimeOffset.UtcNow;
        if (disposing || options.OnStopped is not { } report)
        {
            return;
        }

        var change = new TaskStateChange
        {
            TaskArn = launched.TaskArn,
            ClusterArn = options.ClusterArn,
            Group = options.Group,
            StartedBy = options.StartedBy,
            LastStatus = TaskStateChangeEvent.StoppedStatus,
            StopCode = TaskStateChangeEvent.EssentialContainerExited,
            StoppedReason = "Essential container in task exited",
            ExitCode = exitCode,
            StoppedAt = launched.ExitedAt,
            Environment = request.Environment,
        };
        try
        {
            await report(change).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // As with a lost EventBridge delivery: the sweeper finds the job once the claim's lease expires.
            logger.LogWarning(ex, "Reporting the stop of {TaskArn} failed", launched.TaskArn);
        }
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
public sealed record LaunchedProcess(string JobId, int Attempt, string TaskArn, Process Process, DateTimeOffset StartedAt)
{
    /// <summary>When the process was seen to exit; null while it runs.</summary>
    public DateTimeOffset? ExitedAt { get; set; }
}

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

    /// <summary>Receives every exit as an ECS task state change (STOPPED); the local deployment queues it for the reconciler.</summary>
    public Func<TaskStateChange, Task>? OnStopped { get; init; }

    public string ClusterArn { get; init; } = "local";

    /// <summary>ECS sets <c>family:&lt;task family&gt;</c>; the rule filters on it.</summary>
    public string Group { get; init; } = "family:local-processor";

    public string StartedBy { get; init; } = "lifestream-dispatcher";
}
