using System.Collections.Concurrent;
using System.Globalization;
using Lifestream.Core.Dispatching;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.LocalAws.Launching;

/// <summary>A task started by <see cref="LocalProcessLauncher"/>.</summary>
public sealed record LocalTask(string TaskArn, string JobId, int Attempt, ManagedProcess Process);

/// <summary>
/// The local stand-in for Fargate: each launch starts the processor host as a child process with the launch's
/// environment on top of <see cref="LocalProcessLauncherOptions.Environment"/>. Like ECS with a clientToken, a
/// repeated launch with the same token returns the task already started instead of a second one. Children never
/// outlive this launcher (they run under <see cref="ManagedProcess"/>'s watchdog; disposing kills the rest).
/// </summary>
public sealed class LocalProcessLauncher : ITaskLauncher, IAsyncDisposable
{
    private readonly LocalProcessLauncherOptions options;
    private readonly ConcurrentDictionary<string, LocalTask> byClientToken = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public LocalProcessLauncher(LocalProcessLauncherOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.GetProblems();
        if (problems.Count > 0)
        {
            throw new DispatcherConfigurationException(problems);
        }

        this.options = options;
    }

    /// <summary>Every task started so far (running or finished).</summary>
    public IReadOnlyList<LocalTask> Tasks => [.. byClientToken.Values];

    public Task<LaunchedTask> LaunchAsync(TaskLaunchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            if (byClientToken.TryGetValue(request.ClientToken, out var existing))
            {
                return Task.FromResult(new LaunchedTask(existing.TaskArn));
            }

            var running = byClientToken.Values.Count(t => !t.Process.HasExited);
            if (running >= options.MaxConcurrentTasks)
            {
                throw new TaskLaunchException($"local capacity exhausted: {running} task(s) running (MaxConcurrentTasks = {options.MaxConcurrentTasks})");
            }

            var environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal);
            foreach (var (name, value) in request.Environment)
            {
                environment[name] = value;
            }

            ManagedProcess process;
            try
            {
                process = ManagedProcess.Start($"processor {request.JobId}", options.FileName, options.Arguments, options.WorkingDirectory, environment);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                throw new TaskLaunchException($"could not start the processor host '{options.FileName}': {ex.Message}", ex);
            }

            var task = new LocalTask(
                $"local-process:{process.Id.ToString(CultureInfo.InvariantCulture)}:{request.JobId}:{request.Attempt.ToString(CultureInfo.InvariantCulture)}",
                request.JobId,
                request.Attempt,
                process);
            byClientToken[request.ClientToken] = task;
            return Task.FromResult(new LaunchedTask(task.TaskArn));
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var task in byClientToken.Values)
        {
            await task.Process.DisposeAsync().ConfigureAwait(false);
        }
    }
}
