using Lifestream.LocalAws.Emulators;
using Lifestream.Tests.Unit.Aws;

namespace Lifestream.Tests.Unit.LocalAws.Emulators;

public class HealthProbeTests
{
    [Fact]
    public async Task Waits_until_the_server_reports_healthy()
    {
        var calls = 0;
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(Interlocked.Increment(ref calls) < 3 ? 503 : 200, string.Empty)));

        await HealthProbe.WaitAsync(new Uri(server.BaseUri, "/health"), r => r.IsSuccessStatusCode, null, TimeSpan.FromSeconds(30), CancellationToken.None);

        Assert.Equal(3, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Gives_up_after_the_timeout_naming_the_last_problem()
    {
        await using var server = new LoopbackHttpServer(_ => Task.FromResult(new CannedResponse(503, string.Empty)));

        var ex = await Assert.ThrowsAsync<EmulatorStartException>(() =>
            HealthProbe.WaitAsync(server.BaseUri, r => r.IsSuccessStatusCode, null, TimeSpan.FromMilliseconds(500), CancellationToken.None));

        Assert.Contains("HTTP 503", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fails_fast_when_the_process_exits_before_it_is_healthy()
    {
        await using var process = ManagedProcess.Start("crasher", "/bin/sh", ["-c", "echo boom >&2; exit 3"], Path.GetTempPath());
        var port = FreePort.Next();

        var ex = await Assert.ThrowsAsync<EmulatorStartException>(() =>
            HealthProbe.WaitAsync(new Uri($"http://127.0.0.1:{port}/"), _ => true, process, TimeSpan.FromMinutes(5), CancellationToken.None));

        Assert.Contains("crasher exited", ex.Message, StringComparison.Ordinal);
        Assert.Contains("boom", ex.Message, StringComparison.Ordinal);
    }
}
