using System.Net;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.Tests.Unit.LocalAws;

/// <summary>A tiny HttpListener on a free loopback port answering with a status chosen per request.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly HttpListener listener;
    private readonly Task loop;

    private LoopbackHttpServer(HttpListener listener, Uri url, Func<HttpListenerRequest, HttpStatusCode> respond)
    {
        this.listener = listener;
        Url = url;
        loop = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                context.Response.StatusCode = (int)respond(context.Request);
                context.Response.Close();
            }
        });
    }

    public Uri Url { get; }

    public static Task<LoopbackHttpServer> StartAsync(Func<HttpListenerRequest, HttpStatusCode> respond)
    {
        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var listener = new HttpListener();
        listener.Prefixes.Add(url.ToString());
        listener.Start();
        return Task.FromResult(new LoopbackHttpServer(listener, url, respond));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            listener.Stop();
            listener.Close();
        }
        catch (HttpListenerException)
        {
            // Managed HttpListener re-resolves its endpoint on Close; if another test bound the freed port
            // meanwhile it throws "Address already in use". The listener is closed either way.
        }
        await loop;
    }
}
