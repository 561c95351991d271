using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.Tests.Unit.Core.Processing.Fakes;
using Microsoft.Extensions.Time.Testing;
using Env = Lifestream.Core.Processing.ProcessorEnvironmentVariables;

namespace Lifestream.Tests.Unit.Core.Processing;

public sealed class ProcessorApplicationTests
{
    private readonly FakeTimeProvider time = new();
    private readonly ListLogger logger = new();

    [Fact]
    public async Task Invalid_settings_exit_2_with_one_message_and_mark_the_known_job_failed()
    {
        var factory = new FakeFactory();
        factory.Jobs.Put(new JobRecord { JobId = "job-9", S3Bucket = "b", S3Key = "k", Status = JobStatus.Dispatched, CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() });
        var env = new Dictionary<string, string?> { [Env.JobId] = "job-9", [Env.JobsTableName] = "jobs", [Env.TaskTimeoutSeconds] = "-1" };

        var exit = await ProcessorApplication.RunAsync(env, factory, logger, time, CancellationToken.None);

        Assert.Equal(ProcessorExitCode.InvalidSettings, exit);
        Assert.False(factory.FullCreateCalled);
        var job = factory.Jobs.Get("job-9");
        Assert.Equal(JobStatus.Failed, job.Status);
        Assert.Contains(Env.S3Bucket, job.Error, StringComparison.Ordinal);
        Assert.Contains(Env.TaskTimeoutSeconds, job.Error, StringComparison.Ordinal);
        var critical = Assert.Single(logger.Lines, l => l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.Contains(Env.IdempotencyTableName, critical, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_never_fail_a_job_that_is_already_running()
    {
        var factory = new FakeFactory();
        factory.Jobs.Put(new JobRecord { JobId = "job-9", S3Bucket = "b", S3Key = "k", Status = JobStatus.Running, CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow() });
        var env = new Dictionary<string, string?> { [Env.JobId] = "job-9", [Env.JobsTableName] = "jobs" };

        var exit = await ProcessorApplication.RunAsync(env, factory, logger, time, CancellationToken.None);

        Assert.Equal(ProcessorExitCode.InvalidSettings, exit);
        Assert.Equal(JobStatus.Running, factory.Jobs.Get("job-9").Status);
    }

    [Fact]
    public async Task Invalid_settings_without_job_id_touch_no_store()
    {
        var factory = new FakeFactory();

        var exit = await ProcessorApplication.RunAsync(new Dictionary<string, string?>(), factory, logger, time, CancellationToken.None);

        Assert.Equal(ProcessorExitCode.InvalidSettings, exit);
        Assert.Equal(0, factory.JobStoreCreations);
    }

    [Fact]
    public async Task Valid_settings_run_the_lifecycle_with_the_built_dependencies()
    {
        using var harness = new RunnerHarness();
        var factory = new FakeFactory(harness);
        var env = new Dictionary<string, string?>
        {
            [Env.JobId] = RunnerHarness.JobId,
            [Env.S3Bucket] = RunnerHarness.Bucket,
            [Env.S3Key] = RunnerHarness.Key,
            [Env.S3ETag] = RunnerHarness.ETag,
            [Env.ClaimAttempt] = RunnerHarness.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [Env.JobsTableName] = "jobs",
            [Env.IdempotencyTableName] = "claims",
            [Env.TaskTimeoutSeconds] = "600",
            [Env.WorkDir] = harness.WorkDir,
        };

        var exit = await ProcessorApplication.RunAsync(env, factory, logger, time, CancellationToken.None);

        Assert.Equal(ProcessorExitCode.Success, exit);
        Assert.Equal(JobStatus.Succeeded, harness.Job.Status);
        Assert.True(harness.WorkDirIsEmpty());
    }

    private sealed class FakeFactory(RunnerHarness? harness = null) : IProcessorDependencyFactory
    {
        public InMemoryJobStore Jobs { get; } = harness?.Jobs ?? new InMemoryJobStore();

        public int JobStoreCreations { get; private set; }

        public bool FullCreateCalled { get; private set; }

        public IJobStore CreateJobStore(string jobsTableName)
        {
            JobStoreCreations++;
            return Jobs;
        }

        public ProcessorDependencies Create(ProcessorSettings settings)
        {
            FullCreateCalled = true;
            var h = harness ?? throw new InvalidOperationException("no harness");
            return new ProcessorDependencies(h.Jobs, h.Claims, h.Objects, h.Pipeline);
        }
    }
}
