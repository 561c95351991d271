using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Lifestream.Dispatcher.Lambda.Runtime;

/// <summary>HTTP client of the Runtime API at <c>AWS_LAMBDA_RUNTIME_API</c> (host:port).</summary>
public sealed class LambdaRuntimeApiClient : ILambdaRuntimeClient, IDisposable
{
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    private const string Version = "2018-06-01";
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient http;

    public LambdaRuntimeApiClient(string runtimeApi)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runtimeApi);

        // /next long-polls for as long as the sandbox is idle: no client-side timeout.
        http = new HttpClient { BaseAddress = new Uri($"http://{runtimeApi}/{Version}/runtime/"), Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task<LambdaInvocation> NextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(new Uri("invocation/next", UriKind.Relative), cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var requestId = Header(response, "Lambda-Runtime-Aws-Request-Id")
            ?? throw new InvalidOperationException("Runtime API returned an event without Lambda-Runtime-Aws-Request-Id.");
        var deadline = long.TryParse(Header(response, "Lambda-Runtime-Deadline-Ms"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : DateTimeOffset.MaxValue;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(requestId, payload, deadline, Header(response, "Lambda-Runtime-Trace-Id"));
    }

    public async Task PostResponseAsync(string requestId, byte[] response, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(response);
        content.Headers.ContentType = Json;
        using var result = await http.PostAsync(new Uri($"invocation/{Uri.EscapeDataString(requestId)}/response", UriKind.Relative), content, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccessStatusCode();
    }

    public Task PostErrorAsync(string requestId, LambdaError failure, CancellationToken cancellationToken) =>
        PostErrorToAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", failure, cancellationToken);

    public Task PostInitErrorAsync(LambdaError failure, CancellationToken cancellationToken) =>
        PostErrorToAsync("init/error", failure, cancellationToken);

    public void Dispose() => http.Dispose();

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private async Task PostErrorToAsync(string path, LambdaError failure, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new RuntimeErrorBody { ErrorMessage = failure.ErrorMessage, ErrorType = failure.ErrorType },
            LambdaJsonContext.Default.RuntimeErrorBody);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = content };
        request.Headers.TryAddWithoutValidation("Lambda-Runtime-Function-Error-Type", failure.ErrorType);
        using var result = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        result.EnsureSuccessStatusCode();
    }
}
