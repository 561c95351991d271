using Lifestream.Api;
using Lifestream.Cli.Local;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Terraform;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Benchmarks.Commands.Api;

/// <summary>
/// Emulators with the Terraform-described resources (no queue worker) and jobs of the local owner seeded
/// directly in the jobs table: what the API's status and list endpoints read.
/// </summary>
internal sealed class ApiBenchEnvironment : IAsyncDisposable
{
    private ApiBenchEnvironment(LocalAwsStack stack, LocalDeployment deployment, IReadOnlyList<string> jobIds)
    {
        Stack = stack;
        Deployment = deployment;
        JobIds = jobIds;
    }

    public LocalAwsStack Stack { get; }

    public LocalDeployment Deployment { get; }

    public IReadOnlyList<string> JobIds { get; }

    public ApiSettings Settings => LocalApi.Settings(Deployment, ApiAuthMode.None);

    /// <summary>The API host's environment for a child process (endpoints, resources, auth off).</summary>
    public IReadOnlyDictionary<string, string> ProcessEnvironment(int port)
    {
        var env = new Dictionary<string, string>(Stack.EnvironmentVariables, StringComparer.Ordinal)
        {
            [ApiSettings.VideosBucketVariable] = Deployment.Resources.VideosBucket.Name,
            [ApiSettings.JobsTableVariable] = Deployment.Resources.JobsTableName,
            [ApiSettings.IdempotencyTableVariable] = Deployment.Resources.IdempotencyTableName,
            [ApiSettings.UploadsQueueUrlVariable] = Deployment.Resources.UploadsQueue.Url,
            [ApiSettings.AuthVariable] = "none",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        };
        return env;
    }

    public static async Task<ApiBenchEnvironment> StartAsync(int jobs, CancellationToken cancellationToken)
    {
        var stack = await LocalAwsStack.StartAsync(cancellationToken);
        try
        {
            var deployment = await LocalDeployment.StartAsync(new LocalDeploymentOptions { EnvName = EnvironmentNames.NewUnique() }, NullLoggerFactory.Instance, cancellationToken, stack);
            var ids = new List<string>(jobs);
            var start = DateTimeOffset.UtcNow.AddHours(-1);
            for (var i = 0; i < jobs; i++)
            {
                var id = UploadNaming.NewJobId();
                var at = start.AddSeconds(i);
                await deployment.Jobs.TryCreateAsync(
                    new JobRecord
                    {
                        JobId = id,
                        S3Bucket = deployment.Resources.VideosBucket.Name,
                        S3Key = UploadNaming.VideoKey(id, $"meeting-{i}.mp4"),
                        Owner = ApiSettings.LocalOwner,
                        Status = i % 3 == 0 ? JobStatus.Succeeded : JobStatus.Running,
                        CurrentStage = i % 3 == 0 ? null : "asr",
                        Attempts = 1,
                        StageTimings = new Dictionary<string, double> { ["download"] = 0.4, ["probe"] = 0.1, ["audio"] = 0.3 },
                        ResultKeys = i % 3 == 0 ? [$"results/{id}/summary.json", $"results/{id}/summary.md", $"results/{id}/transcript.vtt"] : [],
                        CreatedAt = at,
                        UpdatedAt = at,
                    },
                    cancellationToken);
                ids.Add(id);
            }

            return new ApiBenchEnvironment(stack, deployment, ids);
        }
        catch
        {
            await stack.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Deployment.DisposeAsync();
        await Stack.DisposeAsync();
    }
}
