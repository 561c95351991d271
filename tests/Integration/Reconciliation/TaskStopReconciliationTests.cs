using System.Diagnostics;
using System.Globalization;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Reconciliation;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Submission;
using Lifestream.LocalAws.Terraform;
using Lifestream.Processor.Ecs;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.Reconciliation;

/// <summary>
/// Real emulators, real processor processes (stub pipeline, explicit), real signals: a processor killed with
/// SIGKILL or stopped with SIGTERM mid-run is reported as a task stop, reconciled, and its job still ends terminal.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class TaskStopReconciliationTests(LocalAwsFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan StageDelay = TimeSpan.FromMilliseconds(1500);
    private readonly string workDir = Path.Combine(Path.GetTempPath(), $"lifestream-reconcile-{Guid.NewGuid():N}");
    private readonly string input = Path.Combine(Path.GetTempPath(), $"lifestream-reconcile-{Guid.NewGuid():N}.mp4");
    private readonly string runLog = Path.Combine(Path.GetTempPath(), $"lifestream-reconcile-{Guid.NewGuid():N}.jsonl");
    private LocalDeployment? deployment;

    public async Task InitializeAsync()
    {
        await File.WriteAllBytesAsync(input, [.. Enumerable.Range(0, 64 * 1024).Select(i => (byte)(i * 31))]);
        deployment = await LocalDeployment.StartAsync(
            new LocalDeploymentOptions
            {
                EnvName = EnvironmentNames.NewUnique(),
                ProcessorCommand = LocalDeploymentOptions.ProcessorNextToApp() ?? throw new InvalidOperationException("Lifestream.Processor.Ecs.dll is not next to the tests."),
                ProcessorWorkDir = workDir,
                TaskTimeout = TimeSpan.FromSeconds(60),
                TaskStopGracePeriod = TimeSpan.FromSeconds(10),
                ClaimPolicy = new IdempotencyOptions { LeaseDuration = TimeSpan.FromSeconds(10), MaxAttempts = 3 },
                SweepInterval = TimeSpan.FromSeconds(2),
                Worker = new Lifestream.LocalAws.Events.SqsQueueWorkerOptions { LongPoll = TimeSpan.FromSeconds(1), RetryDelay = TimeSpan.FromSeconds(1) },
                ExtraTaskEnvironment = new Dictionary<string, string>
                {
                    [StubVideoPipeline.SelectVariable] = StubVideoPipeline.SelectValue,
                    [StubVideoPipeline.StageDelayVariable] = ((int)StageDelay.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
                    [StubVideoPipeline.RunLogVariable] = runLog,
                    ["LEASE_RENEW_SECONDS"] = "2",
                },
            },
            NullLoggerFactory.Instance,
            CancellationToken.None,
            fixture.Stack);
    }

    public async Task DisposeAsync()
    {
        if (deployment is not null)
        {
            await deployment.DisposeAsync();
        }

        File.Delete(input);
        File.Delete(runLog);
        if (Directory.Exists(workDir))
        {
            Directory.Delete(workDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("KILL", 137)]
    [InlineData("TERM", 143)]
    public async Task A_processor_stopped_mid_run_is_reconciled_and_its_job_succeeds_on_the_next_attempt(string signal, int exitCode)
    {
        var d = deployment!;
        var submission = await d.Submitter.SubmitAsync(input, $"signal-{signal.ToLowerInvariant()}.mp4", SubmissionMode.S3Event, CancellationToken.None);

        // Wait until attempt 1 is inside the pipeline (its own start record), then signal the real process.
        var first = await WaitAsync(() => d.Launcher!.Launched.FirstOrDefault(p => p.Attempt == 1 && File.Exists(runLog) && File.ReadAllText(runLog).Contains($"\"pid\":{p.Process.Id},", StringComparison.Ordinal)), "attempt 1 to enter the pipeline");
        using (var kill = Process.Start("kill", [$"-{signal}", first.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await first.Process.WaitForExitAsync();
        Assert.Equal(exitCode, first.Process.ExitCode);

        var job = await WaitAsync(
            async () => (await d.Jobs.FindByS3KeyAsync(submission.Key, CancellationToken.None)).FirstOrDefault(j => j.Status.IsTerminal()),
            "the job to settle");
        Assert.Equal(JobStatus.Succeeded, job.Status);
        Assert.Equal(2, job.Attempts);
        Assert.Null(job.Error); // the stop was recorded on the job while it was retrying; success clears it
        Assert.Equal(2, d.Launcher!.Launched.Count(p => p.JobId == job.JobId));
        var claim = await d.Claims.GetAsync(new IdempotencyKey(submission.Key, job.ETag!), CancellationToken.None);
        Assert.Equal((ClaimState.Processed, 2), (claim!.State, claim.Attempt));
    }

    [Fact]
    public async Task The_sweeper_finds_an_expired_claim_through_the_lease_index_and_redrives_it()
    {
        var d = deployment!;
        var submission = await d.Submitter.SubmitAsync(input, "crashed-dispatcher.mp4", SubmissionMode.UploadConfirm, CancellationToken.None);
        var first = await WaitAsync(
            async () => (await d.Jobs.GetAsync(submission.JobId!, CancellationToken.None)) is { Status: JobStatus.Succeeded } done ? done : null,
            "the first run to succeed");

        // A dispatcher that claimed a new version and died before RunTask: a dispatched claim and a queued job, no task.
        var etag = Guid.NewGuid().ToString("N");
        var key = new IdempotencyKey(first.S3Key, etag);
        await d.Claims.TryClaimAsync(key, "crashedjob1", CancellationToken.None);
        var index = new Lifestream.Aws.Persistence.DynamoDbRecoveryIndex(d.Stack.Clients.CreateDynamoDb(), d.Resources.JobsTableName, d.Resources.IdempotencyTableName);
        Assert.DoesNotContain(key, await index.FindExpiredClaimsAsync(DateTimeOffset.UtcNow, 100, CancellationToken.None));
        Assert.Contains(key, await WaitAsync(async () => await index.FindExpiredClaimsAsync(DateTimeOffset.UtcNow, 100, CancellationToken.None) is { Count: > 0 } found && found.Contains(key) ? found : null, "the lease to expire in the index"));

        // The object's ETag is not this one any more: the sweeper fails the orphaned attempt's job as source_changed.
        var job = await WaitAsync(async () => await d.Jobs.GetAsync("crashedjob1", CancellationToken.None) is { } j && j.Status.IsTerminal() ? j : null, "the sweeper to settle the orphan");
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.StartsWith("source_changed", job.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("crashedjob1", await index.FindIdleOpenJobsAsync(DateTimeOffset.UtcNow, 100, CancellationToken.None));
    }

    private static Task<T> WaitAsync<T>(Func<T?> probe, string what)
        where T : class => WaitAsync(() => Task.FromResult(probe()), what);

    private static async Task<T> WaitAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Timed out waiting for {what}.");
    }
}
