using Lifestream.Api;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Events;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.Infrastructure;

/// <summary>
/// The upload API on Kestrel over a fresh local deployment (resources from the Terraform module on the shared
/// emulators; with the worker, the queue worker runs the real processor next to the tests). Owns everything it
/// started and the processor's work directory: <see cref="DisposeAsync"/> (the owning test class's) stops them in
/// reverse order and deletes the directory.
/// </summary>
internal sealed class LocalApiDeployments(LocalAwsStack stack, string workDirPrefix) : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> started = [];

    public string WorkDir { get; } = Path.Combine(Path.GetTempPath(), $"{workDirPrefix}-{Guid.NewGuid():N}");

    /// <summary>Starts a deployment, then the API with the settings <paramref name="settings"/> makes for it.</summary>
    public async Task<(LocalDeployment Deployment, ApiTestHost Api)> StartAsync(bool withWorker, Func<LocalDeployment, ApiSettings> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var deployment = await LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = withWorker ? LocalDeploymentOptions.ProcessorNextToApp() ?? throw new InvalidOperationException("Lifestream.Processor.Ecs.dll is not next to the tests.") : null,
                ProcessorWorkDir = WorkDir,
                TaskTimeout = TimeSpan.FromMinutes(5),
                Worker = new SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1) },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None,
            stack);
        started.Add(deployment);
        var apiSettings = settings(deployment);
        var api = await ApiTestHost.StartAsync(apiSettings, Lifestream.Cli.Local.LocalApi.Ports(deployment, apiSettings));
        started.Add(api);
        return (deployment, api);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        started.Reverse();
        foreach (var item in started)
        {
            await item.DisposeAsync();
        }

        started.Clear();
        if (Directory.Exists(WorkDir))
        {
            Directory.Delete(WorkDir, recursive: true);
        }
    }
}
