using System.Diagnostics;
using System.Runtime.Versioning;
using Lifestream.Pipeline.Media;
using Lifestream.Pipeline.Media.Tools;

namespace Lifestream.Tests.Unit.Pipeline.Media.Tools;

/// <summary>
/// The runner's lifecycle against stand-in tools: shell scripts named ffmpeg in a <see cref="MediaOptions.BinaryFolder"/>,
/// so exit codes, stderr volume and child processes are exact. The real ffmpeg is exercised by the integration tests.
/// </summary>
[UnsupportedOSPlatform("windows")]
public sealed class MediaToolRunnerTests : IDisposable
{
    /// <summary>Far below the stand-ins' 60 s sleep: a run that waits for its child instead of killing it fails.</summary>
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(10);

    private readonly string folder = Directory.CreateTempSubdirectory("lifestream-tools-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Tools_come_from_the_binary_folder_or_from_path()
    {
        Assert.Equal(Path.Combine(folder, "ffprobe"), new MediaToolRunner(new MediaOptions { BinaryFolder = folder }).PathOf(MediaTool.Ffprobe));
        Assert.Equal("ffmpeg", MediaToolRunner.OnPath.PathOf(MediaTool.Ffmpeg));
    }

    [Fact]
    public void The_frame_decoder_comes_from_the_binary_folder_when_it_is_there_else_from_beside_the_assemblies()
    {
        var runner = new MediaToolRunner(new MediaOptions { BinaryFolder = folder });
        var beside = Path.Combine(AppContext.BaseDirectory, "lifestream-frames");
        Assert.True(File.Exists(beside), "the build copies lifestream-frames beside the assemblies (gcc, pkg-config, libav* -dev: scripts/setup.sh)");
        Assert.Equal(beside, runner.PathOf(MediaTool.FrameDecoder));
        Assert.True(runner.IsInstalled(MediaTool.FrameDecoder));

        var standIn = Path.Combine(folder, "lifestream-frames");
        File.WriteAllText(standIn, "#!/bin/sh\n");
        Assert.Equal(standIn, runner.PathOf(MediaTool.FrameDecoder));
        Assert.False(runner.IsInstalled(MediaTool.Ffprobe));
    }

    [Fact]
    public async Task Stdin_stays_open_for_a_run_that_writes_it()
    {
        var runner = Tool("head -c 3");
        var run = new MediaToolRun { Stage = "scenes", ReadStandardOutput = true, WriteStandardInput = true };
        await using var process = runner.Start(MediaTool.Ffmpeg, new MediaToolArguments(), run, CancellationToken.None);

        await process.StandardInput.WriteAsync("abc"u8.ToArray());
        await process.StandardInput.FlushAsync();
        using var reader = new StreamReader(process.StandardOutput);

        Assert.Equal("abc", await reader.ReadToEndAsync());
        await process.WaitForExitAsync();
    }

    [Fact]
    public async Task A_missing_executable_is_MediaToolMissingException_naming_the_path_and_the_stage()
    {
        var runner = new MediaToolRunner(new MediaOptions { BinaryFolder = folder });

        var ex = await Assert.ThrowsAsync<MediaToolMissingException>(() =>
            runner.RunAsync(MediaTool.Ffmpeg, new MediaToolArguments("-version"), new MediaToolRun { Stage = "audio" }, CancellationToken.None));

        Assert.Equal(Path.Combine(folder, "ffmpeg"), ex.Tool);
        Assert.Equal("audio", ex.Stage);
        Assert.Contains("MediaOptions.BinaryFolder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stdout_is_returned_and_the_arguments_arrive_one_by_one_without_a_shell()
    {
        var runner = Tool("printf '%s\\n' \"$@\"");

        var stdout = await runner.RunAsync(MediaTool.Ffmpeg, new MediaToolArguments("a b", "$HOME", "'q'"), new MediaToolRun { Stage = "probe", ReadStandardOutput = true }, CancellationToken.None);

        Assert.Equal("a b\n$HOME\n'q'\n", stdout);
    }

    [Fact]
    public async Task A_non_zero_exit_is_MediaToolFailedException_with_the_code_and_a_bounded_redacted_stderr_tail()
    {
        var runner = Tool("i=0; while [ $i -lt 500 ]; do echo \"line $i $1\" >&2; i=$((i+1)); done; exit 3");
        var url = "https://b.s3.amazonaws.com/k.mp4?X-Amz-Signature=feedface";

        var ex = await Assert.ThrowsAsync<MediaToolFailedException>(() =>
            runner.RunAsync(MediaTool.Ffmpeg, new MediaToolArguments().Input(url), new MediaToolRun { Stage = "scenes" }, CancellationToken.None));

        Assert.Equal(3, ex.ExitCode);
        Assert.Equal("scenes", ex.Stage);
        var lines = ex.StandardErrorTail.Split(" | ");
        Assert.Equal(MediaToolProcess.StderrTailLines, lines.Length);
        Assert.StartsWith("line 499", lines[^1], StringComparison.Ordinal);
        Assert.True(ex.StandardErrorTail.Length <= MediaToolProcess.StderrTailChars + (MediaToolProcess.StderrTailLines * 3));
        Assert.DoesNotContain("feedface", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stderr_lines_the_caller_takes_stay_out_of_the_tail()
    {
        var runner = Tool("echo 'data 1' >&2; echo 'problem' >&2; echo 'data 2' >&2; exit 1");
        var taken = new List<string>();

        var ex = await Assert.ThrowsAsync<MediaToolFailedException>(() => runner.RunAsync(
            MediaTool.Ffmpeg,
            new MediaToolArguments(),
            new MediaToolRun { Stage = "scenes", StandardErrorLine = line => { if (line.StartsWith("data", StringComparison.Ordinal)) { taken.Add(line); return true; } return false; } },
            CancellationToken.None));

        Assert.Equal(["data 1", "data 2"], taken);
        Assert.Equal("problem", ex.StandardErrorTail);
    }

    [Fact]
    public async Task Cancellation_kills_the_whole_process_tree_and_throws_OperationCanceledException()
    {
        var childPid = Path.Combine(folder, "child.pid");
        var runner = Tool($"sleep 60 & echo $! > '{childPid}'; wait");
        using var cts = new CancellationTokenSource();

        var run = runner.RunAsync(MediaTool.Ffmpeg, new MediaToolArguments(), new MediaToolRun { Stage = "audio" }, cts.Token);
        var child = await WaitForPidAsync(childPid);
        var stopping = Stopwatch.StartNew();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        await AssertExitsAsync(child);
        Assert.True(stopping.Elapsed < StopWithin, $"the run took {stopping.Elapsed} to stop: its child was not killed");
    }

    [Fact]
    public async Task A_timeout_kills_the_tree_and_is_MediaToolTimedOutException_not_a_cancellation()
    {
        var childPid = Path.Combine(folder, "child.pid");
        var runner = Tool($"echo 'started' >&2; sleep 60 & echo $! > '{childPid}'; wait");
        var running = Stopwatch.StartNew();

        var ex = await Assert.ThrowsAsync<MediaToolTimedOutException>(() =>
            runner.RunAsync(MediaTool.Ffmpeg, new MediaToolArguments(), new MediaToolRun { Stage = "probe", Timeout = TimeSpan.FromMilliseconds(500) }, CancellationToken.None));

        Assert.Equal(TimeSpan.FromMilliseconds(500), ex.Timeout);
        Assert.Equal("probe", ex.Stage);
        Assert.Contains("started", ex.Message, StringComparison.Ordinal);
        await AssertExitsAsync(await WaitForPidAsync(childPid));
        Assert.True(running.Elapsed < StopWithin, $"the run took {running.Elapsed}: its child was not killed");
    }

    [Fact]
    public async Task Disposing_a_started_process_that_still_runs_kills_it()
    {
        var runner = Tool("sleep 60");
        var process = runner.Start(MediaTool.Ffmpeg, new MediaToolArguments(), new MediaToolRun { Stage = "scenes", ReadStandardOutput = true }, CancellationToken.None);
        var pid = process.ProcessId;
        var stopping = Stopwatch.StartNew();

        await process.DisposeAsync();

        await AssertExitsAsync(pid);
        Assert.True(stopping.Elapsed < StopWithin, $"disposing took {stopping.Elapsed}");
    }

    private MediaToolRunner Tool(string script)
    {
        var path = Path.Combine(folder, "ffmpeg");
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new MediaToolRunner(new MediaOptions { BinaryFolder = folder });
    }

    private static async Task<int> WaitForPidAsync(string file)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (File.Exists(file) && int.TryParse((await File.ReadAllTextAsync(file)).Trim(), out var pid))
            {
                return pid;
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"the stand-in tool never wrote {file}");
    }

    private static async Task AssertExitsAsync(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StopWithin)
        {
            if (!IsRunning(pid))
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"process {pid} still runs");
    }

    private static bool IsRunning(int pid)
    {
        // A killed child that is not reaped yet is a zombie: gone for our purposes.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat))
        {
            return false;
        }

        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }
}
