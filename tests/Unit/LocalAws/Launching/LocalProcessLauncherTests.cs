using System.Collections.Concurrent;
using Lifestream.Core.Dispatching;
using Lifestream.LocalAws.Launching;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Unit.LocalAws.Launching;

public class LocalProcessLauncherTests
{
    private static TaskLaunchRequest Request(string token, int attempt = 1) => new()
    {
        JobId = "job-1",
        S3Bucket = "videos",
        S3Key = "uploads/a.mp4",
        ETag = "abc",
        Attempt = attempt,
        ClientToken = token,
        Environment = new Dictionary<string, string> { ["JOB_ID"] = "job-1", ["S3_KEY"] = "uploads/a.mp4" },
    };

    [Fact]
    public async Task The_task_gets_base_and_request_environment_with_the_request_winning()
    {
        var lines = new ConcurrentQueue<string>();
        await using var launcher = new LocalProcessLauncher(
            new LocalProcessLauncherOptions
            {
                Command = ["/bin/sh", "-c", "echo \"$JOB_ID $S3_KEY $AWS_REGION\""],
                BaseEnvironment = new Dictionary<string, string> { ["AWS_REGION"] = "us-east-1", ["JOB_ID"] = "overridden" },
                Output = lines.Enqueue,
            },
            NullLogger.Instance);

        var task = await launcher.LaunchAsync(Request("t1"), CancellationToken.None);
        await launcher.WaitForAllAsync(CancellationToken.None);

        Assert.StartsWith("local:job-1:1:", task.TaskArn, StringComparison.Ordinal);
        Assert.Contains("[job-1#1] job-1 uploads/a.mp4 us-east-1", lines);
    }

    [Fact]
    public async Task The_same_client_token_never_starts_a_second_process()
    {
        await using var launcher = new LocalProcessLauncher(new LocalProcessLauncherOptions { Command = ["sleep", "5"], StopGracePeriod = TimeSpan.FromSeconds(1) }, NullLogger.Instance);

        var first = await launcher.LaunchAsync(Request("same"), CancellationToken.None);
        var again = await launcher.LaunchAsync(Request("same"), CancellationToken.None);
        var next = await launcher.LaunchAsync(Request("other", attempt: 2), CancellationToken.None);

        Assert.Equal(first.TaskArn, again.TaskArn);
        Assert.NotEqual(first.TaskArn, next.TaskArn);
        Assert.Equal(2, launcher.Launched.Count);
    }

    [Fact]
    public async Task A_missing_program_is_a_launch_failure()
    {
        await using var launcher = new LocalProcessLauncher(new LocalProcessLauncherOptions { Command = ["/nonexistent/processor"] }, NullLogger.Instance);

        await Assert.ThrowsAsync<TaskLaunchException>(() => launcher.LaunchAsync(Request("t"), CancellationToken.None));
    }

    [Fact]
    public async Task Dispose_stops_running_tasks_with_sigterm_first()
    {
        var marker = Path.Combine(Path.GetTempPath(), $"term-{Guid.NewGuid():N}");
        var launcher = new LocalProcessLauncher(
            new LocalProcessLauncherOptions { Command = ["/bin/sh", "-c", $"trap 'touch {marker}; exit 143' TERM; while true; do sleep 0.1; done"] },
            NullLogger.Instance);
        await launcher.LaunchAsync(Request("t"), CancellationToken.None);
        await Task.Delay(300); // let the shell install its trap

        await launcher.DisposeAsync();

        Assert.True(File.Exists(marker), "the task did not receive SIGTERM");
        File.Delete(marker);
    }
}
