using System.Text.Json;
using Lifestream.Core.Reconciliation;
using Lifestream.Core.Retries;

namespace Lifestream.Tests.Unit.Core.Reconciliation;

public class TaskStateChangeEventTests
{
    private static TaskStateChange? Parse(string json, out string? problem)
    {
        using var document = JsonDocument.Parse(json);
        return TaskStateChangeEvent.TryParse(document.RootElement, out problem);
    }

    [Fact]
    public void Documented_stopped_event_yields_the_attempt_the_stop_code_reason_and_exit_code()
    {
        var change = Parse(TaskStoppedEvents.Stopped(exitCode: 137, containerReason: "OutOfMemoryError: Container killed due to memory usage"), out var problem);

        Assert.Null(problem);
        Assert.NotNull(change);
        Assert.True(change.IsStopped);
        Assert.Equal("EssentialContainerExited", change.StopCode);
        Assert.Equal("Essential container in task exited", change.StoppedReason);
        Assert.Equal(137, change.ExitCode);
        Assert.Equal("OutOfMemoryError: Container killed due to memory usage", change.ContainerReason);
        Assert.Equal("family:lifestream-prod-processor", change.Group);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 5, 6, 997, TimeSpan.Zero), change.StoppedAt);
        var attempt = StoppedAttempt.FromEnvironment(change.Environment, out var missing);
        Assert.Null(missing);
        Assert.Equal(new StoppedAttempt("job1", "media", "uploads/talk.mp4", "etag-1", 1), attempt);
        Assert.Equal(FailureCause.TaskStoppedByPlatform, AttemptStop.From(change).Cause);
    }

    [Fact]
    public void A_task_that_never_started_has_no_exit_code_and_is_a_platform_stop()
    {
        var change = Parse(TaskStoppedEvents.Stopped(exitCode: null, stopCode: "TaskFailedToStart", stoppedReason: "CannotPullContainerError: pull image manifest has been retried 5 time(s)"), out _);

        Assert.Null(change!.ExitCode);
        var stop = AttemptStop.From(change);
        Assert.Equal(FailureCause.TaskFailedToStart, stop.Cause);
        Assert.Contains("CannotPullContainerError", stop.Reason, StringComparison.Ordinal);
        Assert.Contains("TaskFailedToStart", stop.Reason, StringComparison.Ordinal);
        Assert.True(RetryPolicy.IsTransient(stop.Cause));
    }

    [Theory]
    [InlineData(0, FailureCause.TaskCrashed, true)]
    [InlineData(1, FailureCause.ProcessingError, true)]
    [InlineData(2, FailureCause.InvalidConfiguration, false)]
    [InlineData(3, FailureCause.TaskCrashed, true)]
    [InlineData(124, FailureCause.TimedOut, true)]
    [InlineData(143, FailureCause.Interrupted, true)]
    [InlineData(137, FailureCause.TaskStoppedByPlatform, true)]
    [InlineData(139, FailureCause.TaskCrashed, true)]
    public void Exit_codes_map_to_causes_and_the_one_retry_policy(int exitCode, FailureCause cause, bool transient)
    {
        var stop = AttemptStop.From(Parse(TaskStoppedEvents.Stopped(exitCode: exitCode), out _)!);

        Assert.Equal(cause, stop.Cause);
        Assert.Equal(transient, RetryPolicy.IsTransient(stop.Cause));
    }

    [Fact]
    public void What_the_local_launcher_writes_parses_back_to_the_same_change()
    {
        var original = new TaskStateChange
        {
            TaskArn = "local:job1:2:4242",
            ClusterArn = "local",
            Group = "family:lifestream-local-processor",
            StartedBy = "lifestream-dispatcher",
            LastStatus = "STOPPED",
            StopCode = TaskStateChangeEvent.EssentialContainerExited,
            StoppedReason = "Essential container in task exited",
            ExitCode = 143,
            StoppedAt = new DateTimeOffset(2026, 11, 29, 12, 0, 0, 250, TimeSpan.Zero),
            Environment = new Dictionary<string, string> { ["JOB_ID"] = "job1", ["S3_BUCKET"] = "media", ["S3_KEY"] = "uploads/a b.mp4", ["S3_ETAG"] = "e", ["CLAIM_ATTEMPT"] = "2" },
        };

        var parsed = Parse(TaskStateChangeEvent.ToJson(original, "processor", "eu-west-1", DateTimeOffset.UnixEpoch), out var problem);

        Assert.Null(problem);
        Assert.Equal(original with { Environment = parsed!.Environment }, parsed);
        Assert.Equal(original.Environment.OrderBy(e => e.Key), parsed.Environment.OrderBy(e => e.Key));
    }

    [Theory]
    [InlineData("""{"source":"aws.ecs","detail-type":"ECS Task State Change"}""", "detail")]
    [InlineData("""{"source":"aws.ecs","detail-type":"ECS Task State Change","detail":{"lastStatus":"STOPPED"}}""", "taskArn")]
    [InlineData("""{"source":"aws.s3","detail-type":"Object Created","detail":{}}""", "not an")]
    public void Unusable_events_come_back_with_a_reason(string json, string expected)
    {
        Assert.Null(Parse(json, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_without_our_overrides_is_not_an_attempt()
    {
        var change = Parse(TaskStoppedEvents.Stopped().Replace("\"JOB_ID\"", "\"OTHER\"", StringComparison.Ordinal), out _);

        Assert.Null(StoppedAttempt.FromEnvironment(change!.Environment, out var problem));
        Assert.Contains("JOB_ID", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"version":"0","id":"89d1a02d","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"2026-11-29T12:00:00Z","region":"eu-west-1","resources":["arn:aws:events:eu-west-1:123456789012:rule/lifestream-prod-sweep"],"detail":{}}""", DispatcherMessageKind.Sweep)]
    [InlineData("""{"Records":[]}""", DispatcherMessageKind.Upload)]
    [InlineData("not json", DispatcherMessageKind.Upload)]
    public void Router_classifies_bodies(string body, DispatcherMessageKind kind)
    {
        Assert.Equal(kind, DispatcherRouter.Classify(body, out _, out _));
        Assert.Equal(DispatcherMessageKind.TaskStateChange, DispatcherRouter.Classify(TaskStoppedEvents.Stopped(), out var change, out _));
        Assert.NotNull(change);
    }
}
