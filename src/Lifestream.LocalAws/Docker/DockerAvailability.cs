using System.Net.Sockets;
using System.Text;

namespace Lifestream.LocalAws.Docker;

/// <summary>
/// Tells quickly (well under a second) whether a Docker daemon answers, before Testcontainers is asked
/// to start anything: Testcontainers itself takes ~0.7 s to fail and throws deep inside Build().
/// </summary>
public static class DockerAvailability
{
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromMilliseconds(500);

    public static async Task<DockerProbeResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var host = Environment.GetEnvironmentVariable("DOCKER_HOST");
        string socketPath;
        if (string.IsNullOrEmpty(host))
        {
            socketPath = "/var/run/docker.sock";
        }
        else if (host.StartsWith("unix://", StringComparison.Ordinal))
        {
            socketPath = host["unix://".Length..];
        }
        else
        {
            // TCP daemons: leave the decision to Testcontainers.
            return new DockerProbeResult(true, $"DOCKER_HOST={host} (not probed)");
        }

        return await ProbeSocketAsync(socketPath, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<DockerProbeResult> ProbeSocketAsync(string socketPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(socketPath))
        {
            return new DockerProbeResult(false, $"no Docker daemon: {socketPath} does not exist");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token).ConfigureAwait(false);
            var request = Encoding.ASCII.GetBytes("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var buffer = new byte[256];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.Contains(" 200 ", StringComparison.Ordinal)
                ? new DockerProbeResult(true, $"Docker daemon answers at {socketPath}")
                : new DockerProbeResult(false, $"Docker socket {socketPath} answered without 200 OK");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DockerProbeResult(false, $"Docker socket {socketPath} did not answer within {ProbeTimeout.TotalMilliseconds} ms");
        }
        catch (SocketException ex)
        {
            return new DockerProbeResult(false, $"no Docker daemon at {socketPath}: {ex.Message}");
        }
    }
}

public sealed record DockerProbeResult(bool Available, string Reason);
