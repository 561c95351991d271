using System.Diagnostics;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Pipeline;
using Lifestream.Core.Processing;
using Lifestream.Tests.Unit.Core.Processing.Fakes;

namespace Lifestream.Tests.Unit.Core.Processing;

/// <summary>A stage that ignores cancellation cannot keep the task alive past the deadline plus the grace period.</summary>
public sealed class ProcessorWatchdogTests : IDisposable
{
    private readonly ManualResetEventSlim neverReleased = new();
    private readonly RunnerHarness harness;

    public ProcessorWatchdogTests()
    {
        harness = new RunnerHarness(new FakePipeline((request, progress, _) =>
        {
            progress?.Report(new StageProgress("diarization", StageState.Started, TimeSpan.Zero));
            File.WriteAllText(Path.Combine(request.WorkDirectory, "audio-16k.s16le"), "scratch");

            // Blocks its thread and never looks at the token, as a hung native call does.
            return Task.Run(() =>
            {
                neverReleased.Wait();
                return new PipelineResult { Documents = [], StageTimings = new Dictionary<string, double>() };
            });
        }));
        harness.Settings = harness.Settings with
        {
            TaskTimeout = TimeSpan.FromSeconds(60),
            WatchdogGrace = TimeSpan.FromSeconds(30),
            LeaseRenewInterval = TimeSpan.FromSeconds(600),
        };
    }

    public void Dispose()
    {
        neverReleased.Set();
        neverReleased.Dispose();
        harness.Dispose();
    }

    [Fact]
    public async Task After_deadline_and_grace_it_kills_children_records_timed_out_cleans_up_and_exits_124()
    {
        var exits = new List<ProcessorExitCode>();
        var kills = 0;
        using var watchdog = new ProcessorWatchdog(harness.Settings, harness.Jobs, harness.Claims, harness.Logger, harness.Time, exits.Add, () => ++kills);
        watchdog.Arm();
        var run = harness.RunAsync();
        await harness.Pipeline.Entered.Task;

        harness.Time.Advance(TimeSpan.FromSeconds(60));
        await Task.Delay(50);
        Assert.Empty(exits);
        Assert.False(run.IsCompleted, "the stage ignores cancellation, so the run cannot finish by itself");
        harness.Time.Advance(TimeSpan.FromSeconds(30));
        await watchdog.Fired.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([ProcessorExitCode.TimedOut], exits);
        Assert.Equal(1, kills);
        Assert.Equal(JobStatus.TimedOut, harness.Job.Status);
        Assert.StartsWith($"gave up after {RunnerHarness.Attempt} attempt(s): watchdog: TaskTimeout", harness.Job.Error, StringComparison.Ordinal);
        // The last attempt (MAX_ATTEMPTS reached): the job ends timed_out and the claim is abandoned.
        Assert.Equal(ClaimState.Abandoned, harness.Claim.State);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task With_attempts_left_the_hard_stop_leaves_the_job_retrying_as_a_deadline_in_the_runner_would()
    {
        harness.Settings = harness.Settings with { ClaimPolicy = harness.Settings.ClaimPolicy with { MaxAttempts = RunnerHarness.Attempt + 1 } };
        var exits = new List<ProcessorExitCode>();
        using var watchdog = new ProcessorWatchdog(harness.Settings, harness.Jobs, harness.Claims, harness.Logger, harness.Time, exits.Add, () => 0);
        watchdog.Arm();
        _ = harness.RunAsync();
        await harness.Pipeline.Entered.Task;

        harness.Time.Advance(TimeSpan.FromSeconds(90));
        await watchdog.Fired.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([ProcessorExitCode.TimedOut], exits);
        Assert.Equal(JobStatus.Retrying, harness.Job.Status);
        Assert.Equal(ClaimState.Failed, harness.Claim.State);
        Assert.True(harness.WorkDirIsEmpty());
    }

    [Fact]
    public async Task A_run_that_returns_in_time_disarms_it()
    {
        harness.Pipeline = FakePipeline.WritingDocuments();
        var exits = new List<ProcessorExitCode>();
        var outcome = default(ProcessorOutcome);
        using (var watchdog = new ProcessorWatchdog(harness.Settings, harness.Jobs, harness.Claims, harness.Logger, harness.Time, exits.Add, () => 0))
        {
            watchdog.Arm();
            outcome = await harness.RunAsync();
        }

        harness.Time.Advance(TimeSpan.FromHours(1));
        await Task.Delay(50);

        Assert.Equal(ProcessorExitCode.Success, outcome!.ExitCode);
        Assert.Empty(exits);
        Assert.Equal(JobStatus.Succeeded, harness.Job.Status);
    }

    [Fact]
    public async Task It_leaves_a_job_alone_whose_claim_a_newer_attempt_took()
    {
        var exits = new List<ProcessorExitCode>();
        using var watchdog = new ProcessorWatchdog(harness.Settings, harness.Jobs, harness.Claims, harness.Logger, harness.Time, exits.Add, () => 0);
        watchdog.Arm();
        var run = harness.RunAsync();
        await harness.Pipeline.Entered.Task;
        harness.Claims.Put(harness.Claim with { Attempt = RunnerHarness.Attempt + 1, State = ClaimState.Running });

        harness.Time.Advance(TimeSpan.FromSeconds(90));
        await watchdog.Fired.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([ProcessorExitCode.TimedOut], exits);
        Assert.NotEqual(JobStatus.TimedOut, harness.Job.Status);
        Assert.Equal(RunnerHarness.Attempt + 1, harness.Claim.Attempt);
    }

    [SkippableFact]
    public void Child_processes_are_found_through_proc()
    {
        Skip.IfNot(Directory.Exists("/proc"), "needs Linux /proc");
        using var child = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!;
        try
        {
            Assert.Contains(child.Id, ChildProcesses.ChildrenOf(Environment.ProcessId));
            Assert.DoesNotContain(Environment.ProcessId, ChildProcesses.ChildrenOf(Environment.ProcessId));
        }
        finally
        {
            child.Kill();
        }
    }
}
