using System.Diagnostics;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.Tests.Unit.LocalAws.Emulators;

public class ManagedProcessTests
{
    [Fact]
    public async Task Dispose_kills_the_program_and_its_watchdog()
    {
        var process = ManagedProcess.Start("sleeper", "sleep", ["300"], Path.GetTempPath());
        var tree = await WaitForTreeAsync(process, expected: 2);

        await process.DisposeAsync();

        Assert.All(tree, pid => Assert.False(ProcessTree.IsAlive(pid), $"pid {pid} survived Dispose"));
    }

    [Fact]
    public async Task The_watchdog_kills_the_program_when_the_parent_dies_without_cleanup()
    {
        // Stand-in for a test host killed with SIGKILL: a parent we kill while it owns the child.
        using var parent = Process.Start("sleep", "300");
        var process = ManagedProcess.Start("orphan", "sleep", ["300"], Path.GetTempPath(), null, parent.Id);
        try
        {
            var tree = await WaitForTreeAsync(process, expected: 2);

            parent.Kill();
            await parent.WaitForExitAsync();
            var gone = await WaitUntilAsync(() => tree.All(pid => !ProcessTree.IsAlive(pid)), TimeSpan.FromSeconds(10));

            Assert.True(gone, "the program outlived its parent by more than 10 s");
        }
        finally
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task Output_is_kept_for_error_messages()
    {
        await using var process = ManagedProcess.Start("talker", "/bin/sh", ["-c", "echo out-line; echo err-line >&2"], Path.GetTempPath());

        var seen = await WaitUntilAsync(() => process.RecentOutput.Contains("err-line", StringComparison.Ordinal) && process.RecentOutput.Contains("out-line", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.True(seen, process.RecentOutput);
    }

    private static async Task<IReadOnlyList<int>> WaitForTreeAsync(ManagedProcess process, int expected)
    {
        IReadOnlyList<int> tree = [];
        await WaitUntilAsync(() => (tree = process.ProcessTreeIds()).Count >= expected, TimeSpan.FromSeconds(10));
        Assert.True(tree.Count >= expected, $"expected watchdog + program, saw {tree.Count} processes");
        return tree;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan within)
    {
        var until = DateTime.UtcNow + within;
        while (DateTime.UtcNow < until)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(100);
        }

        return condition();
    }
}
