using Lifestream.LocalAws.Docker;

namespace Lifestream.Tests.Unit.LocalAws.Docker;

public class DockerAvailabilityTests
{
    [Fact]
    public async Task A_missing_socket_means_no_daemon_with_the_reason()
    {
        var result = await DockerAvailability.ProbeSocketAsync("/nonexistent/docker.sock", CancellationToken.None);

        Assert.False(result.Available);
        Assert.Contains("/nonexistent/docker.sock", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_nobody_listens_on_means_no_daemon()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ls-{Guid.NewGuid():N}.sock");
        await File.WriteAllTextAsync(path, string.Empty);
        try
        {
            var result = await DockerAvailability.ProbeSocketAsync(path, CancellationToken.None);

            Assert.False(result.Available);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
