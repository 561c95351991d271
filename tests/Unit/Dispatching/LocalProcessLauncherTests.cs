using Lifestream.Core.Dispatching;
using Lifestream.LocalAws.Emulators;
using Lifestream.LocalAws.Launching;

namespace Lifestream.Tests.Unit.Dispatching;

/// <summary>The local Fargate stand-in, with /bin/sh as the "processor host".</summary>
public sealed class LocalProcessLauncherTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("lifestream-launcher-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private static TaskLaunchRequest Request(string token, string jobId = "job-1") => new()
    {
        JobId = jobId,
        S3Bucket = "media",
        S3Key = "uploads/a.mp4",
        ETag = "e",
        Attempt = 1,
        ClientToken = token,
        Environment = new Dictionary<string, string> { ["JOB_ID"] = jobId, ["S3_KEY"] = "uploads/a.mp4" },
    };

    private LocalProcessLauncherOptions Options(string script, int max = 2) => new()
    {
        FileName = "/bin/sh",
        Arguments = ["-c", script],
        WorkingDirectory = scratch,
        Environment = new Dictionary<string, string> { ["AWS_ENDPOINT_URL_S3"] = "http://127.0.0.1:1" },
        MaxConcurrentTasks = max,
    };

    [Fact]
    public async Task Child_gets_the_stack_environment_plus_the_launch_environment()
    {
        await using var launcher = new LocalProcessLauncher(Options("echo \"$JOB_ID $S3_KEY $AWS_ENDPOINT_URL_S3\" > out.txt"));

        var task = await launcher.LaunchAsync(Request("t1"), default);
        var local = Assert.Single(launcher.Tasks);
        while (!local.Process.HasExited)
        {
            await Task.Delay(10);
        }

        Assert.StartsWith("local-process:", task.TaskArn, StringComparison.Ordinal);
        Assert.Equal("job-1 uploads/a.mp4 http://127.0.0.1:1", (await File.ReadAllTextAsync(Path.Combine(scratch, "out.txt"))).Trim());
    }

    [Fact]
    public async Task Same_client_token_returns_the_task_already_started()
    {
        await using var launcher = new LocalProcessLauncher(Options("sleep 30"));

        var first = await launcher.LaunchAsync(Request("same"), default);
        var second = await launcher.LaunchAsync(Request("same"), default);

        Assert.Equal(first, second);
        Assert.Single(launcher.Tasks);
    }

    [Fact]
    public async Task Beyond_capacity_a_launch_fails_like_fargate_without_capacity_and_disposal_stops_children()
    {
        var launcher = new LocalProcessLauncher(Options("sleep 30", max: 1));
        await launcher.LaunchAsync(Request("a", "job-a"), default);

        var ex = await Assert.ThrowsAsync<TaskLaunchException>(() => launcher.LaunchAsync(Request("b", "job-b"), default));
        var running = Assert.Single(launcher.Tasks).Process;
        var tree = running.ProcessTreeIds();
        await launcher.DisposeAsync();

        Assert.Contains("capacity", ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(tree);
        Assert.All(tree, pid => Assert.False(ProcessTree.IsAlive(pid), $"pid {pid} survived disposal"));
    }

    [Fact]
    public void Missing_program_is_a_configuration_error_naming_the_setting()
    {
        var ex = Assert.Throws<DispatcherConfigurationException>(() =>
            new LocalProcessLauncher(Options("true") with { FileName = "/nonexistent/processor" }));

        Assert.Contains("FileName", ex.Message, StringComparison.Ordinal);
    }
}
