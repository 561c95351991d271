using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Core.Storage;
using Lifestream.Tests.Unit.Core.Processing.Fakes;
using Lifestream.Tests.Unit.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

/// <summary>Retries by cause, fenced publication and exact source versions in the processor (issue 13).</summary>
public sealed class ProcessorRunnerRetryTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public ProcessorRunnerRetryTests()
    {
        // Attempt 2 of 3: a transient failure leaves an attempt.
        harness.Settings = harness.Settings with { ClaimPolicy = new IdempotencyOptions { MaxAttempts = 3 } };
    }

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task Transient_failure_with_attempts_left_leaves_the_job_retrying_and_the_claim_retakeable()
    {
        harness.Pipeline = FakePipeline.Throwing(new PipelineException("asr", "recognizer crashed"));

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Failed, outcome.ExitCode);
        Assert.Equal(JobStatus.Retrying, outcome.JobStatus);
        Assert.Equal(JobStatus.Retrying, harness.Job.Status);
        Assert.Equal(harness.Time.GetUtcNow() + TimeSpan.FromSeconds(60), harness.Job.RetryAt);
        Assert.Equal(ClaimState.Failed, harness.Claim.State);
        Assert.Equal(["results/job-1/attempts/2/failure_report.json"], harness.Job.ResultKeys);
        Assert.Null(harness.UploadedFailureReport());
        Assert.Equal("retrying", FailureReport.FromJson(System.Text.Encoding.UTF8.GetString(
            harness.Objects.Find(RunnerHarness.Bucket, "results/job-1/attempts/2/failure_report.json")!.Content)).Outcome);
    }

    [Fact]
    public async Task Permanent_failure_ends_the_job_on_any_attempt_and_abandons_the_claim()
    {
        var outcome = await new ProcessorRunner(harness.Settings, harness.Jobs, harness.Claims, new FakeObjectStore(), harness.Pipeline, harness.Logger, harness.Time, harness.Disk)
            .RunAsync(CancellationToken.None);

        Assert.Equal(JobStatus.Failed, outcome.JobStatus);
        Assert.Equal(JobStatus.Failed, harness.Job.Status);
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.StartsWith("download: ObjectNotFoundException", harness.Job.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Object_overwritten_between_head_and_get_fails_as_source_changed_for_good()
    {
        harness.Objects.BeforeDownloadServes = () => harness.Objects.Put(RunnerHarness.Bucket, RunnerHarness.Key, [9, 9, 9], "feedfacefeedfacefeedfacefeedface");

        var outcome = await harness.RunAsync();

        Assert.Equal(JobStatus.Failed, outcome.JobStatus);
        Assert.Equal((RunnerHarness.ETag, (string?)null), Assert.Single(harness.Objects.DownloadPreconditions));
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.Equal(nameof(SourceObjectChangedException), harness.UploadedFailureReport()!.ErrorType);
        Assert.Equal("SourceChanged", harness.UploadedFailureReport()!.Cause);
        Assert.Equal(0, harness.Pipeline.Calls);
    }

    [Fact]
    public async Task Zombie_attempt_whose_lease_was_taken_over_publishes_nothing()
    {
        harness.Claims.LoseLeaseOnRenew = true;

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.ClaimNotOwned, outcome.ExitCode);
        Assert.Empty(harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/"));
        Assert.Equal(RunnerHarness.Attempt + 1, harness.Claim.Attempt);
        Assert.Equal(JobStatus.Running, harness.Job.Status);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task Zombie_attempt_that_fails_drops_no_failure_report_beside_the_new_owners_results()
    {
        harness.Pipeline = FakePipeline.Throwing(new PipelineException("asr", "crashed"));
        harness.Claims.LoseLeaseOnRenew = true;

        var outcome = await harness.RunAsync();

        Assert.Null(outcome.JobStatus);
        Assert.Empty(harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/"));
        Assert.Equal(ClaimState.Dispatched, harness.Claim.State);
    }

    [Fact]
    public async Task Throttled_success_bookkeeping_is_retried_and_never_runs_the_failure_path()
    {
        var failures = 3;
        harness.Jobs.ReplaceFailure = job => job.Status == JobStatus.Succeeded && Interlocked.Decrement(ref failures) >= 0
            ? new TimeoutException("throttled")
            : null;

        var run = harness.RunAsync();
        while (!run.IsCompleted)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(1);
        }

        var outcome = await run;
        Assert.Equal(ProcessorExitCode.Success, outcome.ExitCode);
        Assert.Equal(JobStatus.Succeeded, harness.Job.Status);
        Assert.Equal(ClaimState.Processed, harness.Claim.State);
        Assert.Null(harness.UploadedFailureReport());
        Assert.Empty(harness.Objects.KeysUnder(RunnerHarness.Bucket, "results/job-1/attempts/"));
    }

    [Fact]
    public async Task Summary_json_is_published_after_every_other_document()
    {
        var order = new List<string>();
        harness.Objects.UploadFailure = key =>
        {
            lock (order)
            {
                order.Add(key);
            }

            return null;
        };

        await harness.RunAsync();

        Assert.Equal("results/job-1/summary.json", order[^1]);
    }
}
