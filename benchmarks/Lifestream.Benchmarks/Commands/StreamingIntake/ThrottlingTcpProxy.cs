using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Lifestream.Benchmarks.Commands.StreamingIntake;

/// <summary>
/// A loopback TCP proxy in front of the S3 emulator that caps every connection's server → client bytes at
/// <c>bytesPerSecond</c> (client → server passes unthrottled). Per connection, because that is how S3 behaves:
/// one GET stream has a ceiling and parallel GETs each get their own. Used only by the streaming-intake
/// benchmark, never by the product or the tests.
/// </summary>
public sealed class ThrottlingTcpProxy : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint upstream;
    private readonly double bytesPerSecond;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;

    public ThrottlingTcpProxy(Uri upstreamEndpoint, double bytesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(upstreamEndpoint);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytesPerSecond);
        upstream = new IPEndPoint(IPAddress.Parse(upstreamEndpoint.Host), upstreamEndpoint.Port);
        this.bytesPerSecond = bytesPerSecond;
        listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Stop();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the accept loop.
        }

        stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            var client = await listener.AcceptTcpClientAsync(stop.Token);
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(upstream, stop.Token);
                using var done = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                var up = CopyAsync(client.GetStream(), server.GetStream(), double.PositiveInfinity, done.Token);
                var down = CopyAsync(server.GetStream(), client.GetStream(), bytesPerSecond, done.Token);
                await Task.WhenAny(up, down);
                await done.CancelAsync();
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // A side closed the connection or the proxy is stopping.
            }
        }
    }

    /// <summary>
    /// Copies in small chunks; each chunk books its transfer time after the previous one (or now, if the
    /// connection was idle), and the copy sleeps until then. Idle time earns no burst credit, so a kept-alive
    /// connection cannot outrun the rate after a pause.
    /// </summary>
    private static async Task CopyAsync(Stream from, Stream to, double rate, CancellationToken token)
    {
        var buffer = new byte[ChunkBytes];
        var clock = Stopwatch.StartNew();
        var bookedUntil = TimeSpan.Zero;
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, token)) > 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, read), token);
                if (!double.IsPositiveInfinity(rate))
                {
                    var now = clock.Elapsed;
                    bookedUntil = (bookedUntil > now ? bookedUntil : now) + TimeSpan.FromSeconds(read / rate);
                    if (bookedUntil > now)
                    {
                        await Task.Delay(bookedUntil - now, token);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Connection closed.
        }
    }
}
