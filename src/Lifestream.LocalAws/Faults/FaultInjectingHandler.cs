using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Lifestream.LocalAws.Faults;

/// <summary>What the handler does to one request.</summary>
public enum InjectedFault
{
    /// <summary>Pass through untouched.</summary>
    None,

    /// <summary>Not sent; answered 400 ProvisionedThroughputExceededException (DynamoDB) / 503 SlowDown (S3, SQS). The SDK retries it.</summary>
    Throttled,

    /// <summary>Not sent; answered 500. The SDK retries it.</summary>
    Unavailable,

    /// <summary>Sent and applied by the service, then answered 500 instead of the real answer: the SDK re-sends an applied request.</summary>
    AppliedThenServerError,

    /// <summary>Sent and applied, then the connection "breaks" before the answer arrives: the SDK re-sends an applied request.</summary>
    AppliedThenConnectionLost,
}

/// <summary>One request as a fault plan sees it.</summary>
/// <param name="Service">"dynamodb" or "sqs" (from the JSON protocol's X-Amz-Target), otherwise "s3".</param>
/// <param name="Operation">The JSON protocol operation (PutItem, UpdateItem, ReceiveMessage, …) or, for S3, the HTTP method.</param>
/// <param name="Body">The JSON body (JSON protocols only; empty for S3, whose bodies are not read).</param>
public sealed record FaultRequest(string Service, string Operation, string Path, string Body);

/// <summary>Decides the fault for each request. Implementations must be thread-safe.</summary>
public interface IFaultPlan
{
    InjectedFault Decide(FaultRequest request);
}

/// <summary>
/// An <see cref="HttpMessageHandler"/> in front of an AWS endpoint (DynamoDB Local, fauxqs, or AWS) that injects the
/// faults an <see cref="IFaultPlan"/> picks, and records each injected one. Plug it into any SDK client with
/// <see cref="FaultInjectingHttpClientFactory"/> (<c>AwsClientFactory.WithHttpClientFactory</c>).
/// </summary>
public sealed class FaultInjectingHandler(IFaultPlan plan, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<(FaultRequest Request, InjectedFault Fault)> injected = new();

    /// <summary>Every fault injected so far, in order.</summary>
    public IReadOnlyList<(FaultRequest Request, InjectedFault Fault)> Injected => [.. injected];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var described = await DescribeAsync(request, cancellationToken).ConfigureAwait(false);
        var fault = plan.Decide(described);
        if (fault == InjectedFault.None)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        injected.Enqueue((described, fault));
        switch (fault)
        {
            case InjectedFault.Throttled:
                return ErrorResponse(request, described, described.Service == "dynamodb" ? HttpStatusCode.BadRequest : HttpStatusCode.ServiceUnavailable, Throttle(described));
            case InjectedFault.Unavailable:
                return ErrorResponse(request, described, HttpStatusCode.InternalServerError, "InternalServerError");
            case InjectedFault.AppliedThenServerError:
            case InjectedFault.AppliedThenConnectionLost:
                using (var applied = await base.SendAsync(request, cancellationToken).ConfigureAwait(false))
                {
                    // Read the whole answer so the service certainly finished the request before we "lose" it.
                    await applied.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                }

                return fault == InjectedFault.AppliedThenServerError
                    ? ErrorResponse(request, described, HttpStatusCode.InternalServerError, "InternalServerError")
                    : throw new HttpRequestException("Injected fault: the connection was lost after the request applied.", new IOException("Connection reset by peer (injected)."));
            default:
                throw new InvalidOperationException($"Unknown fault {fault}.");
        }
    }

    private static async Task<FaultRequest> DescribeAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? "/";
        if (request.Headers.TryGetValues("X-Amz-Target", out var targets) && targets.FirstOrDefault() is { } target)
        {
            var dot = target.LastIndexOf('.');
            var service = target.StartsWith("DynamoDB", StringComparison.Ordinal) ? "dynamodb" : "sqs";
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new FaultRequest(service, dot >= 0 ? target[(dot + 1)..] : target, path, body);
        }

        return new FaultRequest("s3", request.Method.Method, path, string.Empty);
    }

    private static string Throttle(FaultRequest request) => request.Service switch
    {
        "dynamodb" => "ProvisionedThroughputExceededException",
        "sqs" => "ThrottlingException",
        _ => "SlowDown",
    };

    private static HttpResponseMessage ErrorResponse(HttpRequestMessage request, FaultRequest described, HttpStatusCode status, string code)
    {
        var message = $"Injected fault ({code}).";
        var response = new HttpResponseMessage(status) { RequestMessage = request };
        response.Headers.Add("x-amzn-RequestId", Guid.NewGuid().ToString());
        if (described.Service == "s3")
        {
            response.Content = new StringContent(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message></Error>", Encoding.UTF8, "application/xml");
        }
        else
        {
            var prefix = described.Service == "dynamodb" ? "com.amazonaws.dynamodb.v20120810#" : "com.amazonaws.sqs#";
            response.Headers.Add("x-amzn-query-error", $"{code};Sender");
            response.Content = new StringContent($"{{\"__type\":\"{prefix}{code}\",\"message\":\"{message}\"}}", Encoding.UTF8, "application/x-amz-json-1.0");
        }

        return response;
    }
}

/// <summary>The SDK hook: every HTTP client the SDK creates sends through one shared <see cref="FaultInjectingHandler"/>.</summary>
public sealed class FaultInjectingHttpClientFactory : HttpClientFactory
{
    public FaultInjectingHttpClientFactory(IFaultPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Handler = new FaultInjectingHandler(plan, new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
    }

    public FaultInjectingHandler Handler { get; }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(Handler, disposeHandler: false);

    /// <summary>The handler is shared, so the SDK may cache and must not dispose the clients.</summary>
    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
