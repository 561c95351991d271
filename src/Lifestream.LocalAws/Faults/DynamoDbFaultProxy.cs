using System.Net;
using System.Text;
using Lifestream.LocalAws.Emulators;

namespace Lifestream.LocalAws.Faults;

/// <summary>What the proxy does to one DynamoDB request.</summary>
public enum DynamoDbFault
{
    None,

    /// <summary>Answer ProvisionedThroughputExceededException (400) without forwarding: nothing applied.</summary>
    Throttle,

    /// <summary>Forward (DynamoDB applies the write), then answer InternalServerError (500): the client cannot know it applied.</summary>
    AppliedThen500,
}

/// <summary>
/// An HTTP proxy in front of DynamoDB Local that injects the two faults a DynamoDB client must survive: throttling
/// before the write and a 5xx after it applied. Everything that talks to DynamoDB in a soak (the in-process
/// dispatcher and every processor process, through <c>AWS_ENDPOINT_URL_DYNAMODB</c>) goes through it, so the
/// faults hit real SDK retries and real conditional writes. Loopback only.
/// </summary>
public sealed class DynamoDbFaultProxy : IAsyncDisposable
{
    private static readonly HashSet<string> WriteOperations = new(StringComparer.Ordinal) { "PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem" };
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Host", "Connection", "Content-Length", "Transfer-Encoding", "Keep-Alive", "Expect" };

    private readonly HttpListener listener = new();
    private readonly HttpClient upstream;
    private readonly Uri target;
    private readonly Func<string, bool, DynamoDbFault> decide;
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;
    private long throttled;
    private long appliedThen500;
    private long forwarded;

    /// <param name="decide">Given the operation (X-Amz-Target suffix) and whether it writes, the fault to inject.</param>
    public DynamoDbFaultProxy(Uri target, Func<string, bool, DynamoDbFault> decide)
    {
        this.target = target ?? throw new ArgumentNullException(nameof(target));
        this.decide = decide ?? throw new ArgumentNullException(nameof(decide));
        upstream = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(60) };
        var port = FreePort.Next();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        listener.Prefixes.Add(Endpoint.ToString());
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    /// <summary>False while provisioning: faults start when the soak does.</summary>
    public bool Enabled { get; set; }

    public long Throttled => Interlocked.Read(ref throttled);

    public long AppliedThen500Count => Interlocked.Read(ref appliedThen500);

    public long Forwarded => Interlocked.Read(ref forwarded);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener.Stop();
        listener.Close();
        try
        {
            await loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
        }

        upstream.Dispose();
        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var operation = context.Request.Headers["X-Amz-Target"] is { } header && header.LastIndexOf('.') is var dot and >= 0 ? header[(dot + 1)..] : string.Empty;
            var fault = Enabled ? decide(operation, WriteOperations.Contains(operation)) : DynamoDbFault.None;
            if (fault == DynamoDbFault.Throttle)
            {
                Interlocked.Increment(ref throttled);
                await WriteErrorAsync(context.Response, 400, "ProvisionedThroughputExceededException", "Rate of requests exceeds the allowed throughput (injected).").ConfigureAwait(false);
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body).ConfigureAwait(false);
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(target, context.Request.RawUrl))
            {
                Content = new ByteArrayContent(body.ToArray()),
            };
            foreach (var name in context.Request.Headers.AllKeys.OfType<string>().Where(n => !HopByHop.Contains(n)))
            {
                var value = context.Request.Headers[name];
                if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }

            using var response = await upstream.SendAsync(request, stopping.Token).ConfigureAwait(false);
            var payload = await response.Content.ReadAsByteArrayAsync(stopping.Token).ConfigureAwait(false);
            Interlocked.Increment(ref forwarded);
            if (fault == DynamoDbFault.AppliedThen500)
            {
                Interlocked.Increment(ref appliedThen500);
                await WriteErrorAsync(context.Response, 500, "InternalServerError", "Internal server error (injected after the request was applied).").ConfigureAwait(false);
                return;
            }

            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHop.Contains(h.Key)))
            {
                context.Response.Headers[name] = string.Join(",", values);
            }

            context.Response.ContentLength64 = payload.Length;
            await context.Response.OutputStream.WriteAsync(payload, stopping.Token).ConfigureAwait(false);
            context.Response.Close();
        }
        catch (Exception)
        {
            // A broken client connection or a stopping proxy: the client sees a network error and retries.
            try
            {
                context.Response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    private static async Task WriteErrorAsync(HttpListenerResponse response, int status, string type, string message)
    {
        var payload = Encoding.UTF8.GetBytes($"{{\"__type\":\"com.amazonaws.dynamodb.v20120810#{type}\",\"message\":\"{message}\"}}");
        response.StatusCode = status;
        response.ContentType = "application/x-amz-json-1.0";
        response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("N");
        response.ContentLength64 = payload.Length;
        await response.OutputStream.WriteAsync(payload).ConfigureAwait(false);
        response.Close();
    }
}
