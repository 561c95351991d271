using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Core.Uploads;
using Lifestream.Tests.Unit.Core.Processing.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

/// <summary>Over a limit the job ends rejected (permanent, never retried) with the limit and the value, and the claim is abandoned.</summary>
public sealed class ProcessorRejectionTests : IDisposable
{
    private readonly RunnerHarness harness = new();

    public void Dispose() => harness.Dispose();

    [Fact]
    public async Task An_object_over_the_size_limit_is_rejected_before_the_download()
    {
        harness.Settings = harness.Settings with { Limits = new UploadLimits { MaxObjectBytes = RunnerHarness.VideoBytes.Length - 1 } };

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Rejected, outcome.ExitCode);
        Assert.Equal(JobStatus.Rejected, harness.Job.Status);
        Assert.Contains($"object size {RunnerHarness.VideoBytes.Length} bytes exceeds the limit of {RunnerHarness.VideoBytes.Length - 1} bytes (LIFESTREAM_MAX_OBJECT_BYTES)", harness.Job.Error, StringComparison.Ordinal);
        Assert.Equal(0, harness.Objects.DownloadCalls);
        Assert.Equal(0, harness.Pipeline.Calls);
        AssertClaimIsDoneWithTheReport();
    }

    [Fact]
    public async Task A_limit_the_pipeline_finds_at_the_probe_rejects_the_job()
    {
        var violation = new UploadLimits().CheckMedia(new MediaShape(36_000, 2, 640, 360, 2))!;
        harness.Pipeline = FakePipeline.Throwing(new PipelineException("probe", "Stage 'probe' failed: " + violation.Message, new UploadLimitExceededException(violation)));

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Rejected, outcome.ExitCode);
        Assert.Equal(JobStatus.Rejected, harness.Job.Status);
        Assert.Equal("probe: LimitExceeded: Rejected: duration 36000 s exceeds the limit of 14400 s (LIFESTREAM_MAX_DURATION_SECONDS).", harness.Job.Error);
        var report = harness.UploadedFailureReport()!;
        Assert.Equal("rejected", report.Outcome);
        Assert.Equal("LimitExceeded", report.ErrorType);
        Assert.Equal(4, report.ExitCode);
        AssertClaimIsDoneWithTheReport();
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task The_disk_check_counts_the_pcm_scratch_for_the_longest_admitted_media()
    {
        var limits = new UploadLimits { MaxDurationSeconds = 3600 };
        harness.Settings = harness.Settings with { Limits = limits };
        harness.Disk.AvailableBytes = RunnerHarness.VideoBytes.Length + (64L * 1024 * 1024 * 2);

        var outcome = await harness.RunAsync();

        Assert.Equal(ProcessorExitCode.Rejected, outcome.ExitCode);
        Assert.Equal(JobStatus.Rejected, harness.Job.Status);
        Assert.Contains($"need {limits.DiskNeed(RunnerHarness.VideoBytes.Length)} bytes", harness.Job.Error, StringComparison.Ordinal);
        Assert.Equal(0, harness.Objects.DownloadCalls);
    }

    private void AssertClaimIsDoneWithTheReport()
    {
        // Permanent: the claim is abandoned (never retried) and the report sits under the job's results.
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.Contains($"results/{RunnerHarness.JobId}/failure_report.json", harness.Job.ResultKeys, StringComparer.Ordinal);
    }
}
