using System.Net;
using System.Net.Sockets;

namespace Lifestream.Tests.Integration.Processing;

/// <summary>
/// A loopback reverse proxy in front of the S3 emulator that holds every GET of an object whose key contains
/// <see cref="StallMarker"/> open without answering, like a stalled network read. Everything else passes
/// through unchanged, so HEAD succeeds and uploads (the failure report) work. Lets the deadline and SIGTERM
/// tests cancel real in-flight I/O deterministically, without timing. With <c>cutBody</c>, the GETs it selects
/// get their headers and half their body, then the connection drops (a download that breaks mid-way).
/// </summary>
internal sealed class StallingS3Proxy : IAsyncDisposable
{
    public const string StallMarker = "/stall/";

    private readonly HttpListener listener = new();
    private readonly HttpClient upstream;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly Func<HttpListenerRequest, bool> cutBody;
    private int stalledRequests;

    public StallingS3Proxy(Uri upstreamEndpoint, Func<HttpListenerRequest, bool>? cutBody = null)
    {
        this.cutBody = cutBody ?? (_ => false);
        var port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        upstream = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = upstreamEndpoint,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>How many GETs are being held right now or were held (the host is inside its download).</summary>
    public int StalledRequests => Volatile.Read(ref stalledRequests);

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Close();
        try
        {
            await loop;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Closing the listener ends the accept loop.
        }

        upstream.Dispose();
        stop.Dispose();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task AcceptLoopAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        try
        {
            if (request.HttpMethod == "GET" && request.Url!.AbsolutePath.Contains(StallMarker, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref stalledRequests);
                await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token);
                return;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.HttpMethod), request.Url!.PathAndQuery);
            if (request.HasEntityBody)
            {
                using var body = new MemoryStream();
                await request.InputStream.CopyToAsync(body);
                forward.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var name in request.Headers.AllKeys.OfType<string>())
            {
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var values = request.Headers.GetValues(name) ?? [];
                if (!forward.Headers.TryAddWithoutValidation(name, values))
                {
                    forward.Content?.Headers.TryAddWithoutValidation(name, values);
                }
            }

            using var response = await upstream.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.ContentLength64 = long.Parse(header.Value.First(), System.Globalization.CultureInfo.InvariantCulture);
                    continue;
                }

                context.Response.Headers[header.Key] = string.Join(",", header.Value);
            }

            if (request.HttpMethod == "GET" && cutBody(request))
            {
                var body = await response.Content.ReadAsByteArrayAsync(stop.Token);
                await context.Response.OutputStream.WriteAsync(body.AsMemory(0, body.Length / 2), stop.Token);
                await context.Response.OutputStream.FlushAsync(stop.Token);
                context.Response.Abort();
                return;
            }

            await response.Content.CopyToAsync(context.Response.OutputStream, stop.Token);
            context.Response.Close();
        }
        catch (Exception)
        {
            // The client went away (the host was cancelled) or the proxy is shutting down.
            context.Response.Abort();
        }
    }
}
