using Lifestream.LocalAws;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.Tests.Integration.LocalAws;

public sealed class LocalAwsStackLifecycleTests
{
    [SkippableFact]
    public async Task Emulators_start_on_loopback_ports_and_leave_no_process_after_dispose()
    {
        Skip.If(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is not null, "AWS_ENDPOINT_URL is set: the stack uses those endpoints and starts no emulator.");
        var stack = await LocalAwsStack.StartAsync(CancellationToken.None);
        List<int> pids;
        try
        {
            Assert.Equal(LocalAwsBackend.Emulators, stack.Backend);
            Assert.Equal("127.0.0.1", stack.Endpoints.S3!.Host);
            Assert.Equal("127.0.0.1", stack.Endpoints.DynamoDb!.Host);
            Assert.NotEqual(stack.Endpoints.S3.Port, stack.Endpoints.DynamoDb.Port);
            pids = stack.Processes.SelectMany(p => p.ProcessTreeIds()).ToList();
            Assert.True(pids.Count >= 4, $"expected two watchdogs and two emulators, saw {pids.Count} processes");
            Assert.Equal(stack.Endpoints.S3.ToString().TrimEnd('/'), stack.EnvironmentVariables["AWS_ENDPOINT_URL_S3"]);
        }
        finally
        {
            await stack.DisposeAsync();
        }

        Assert.All(pids, pid => Assert.False(ProcessTree.IsAlive(pid), $"pid {pid} survived"));
    }
}
