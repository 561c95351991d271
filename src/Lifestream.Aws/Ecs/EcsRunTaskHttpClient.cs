using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Signing;
using Lifestream.Core.Configuration;

namespace Lifestream.Aws.Ecs;

/// <summary>
/// A minimal ECS RunTask client: JSON 1.1 protocol, SigV4-signed with AWSSDK.Core's standalone signer and
/// the SDK's default credential chain, retrying throttling, 5xx and network errors with capped exponential
/// backoff and full jitter. The clientToken in the request keeps retries from starting a second task.
/// </summary>
public sealed class EcsRunTaskHttpClient : IEcsRunTaskClient, IDisposable
{
    public const string Target = "AmazonEC2ContainerServiceV20141113.RunTask";
    public const string ContentType = "application/x-amz-json-1.1";

    private static readonly HashSet<string> RetryableErrorTypes = new(StringComparer.Ordinal)
    {
        "ThrottlingException", "ThrottledException", "RequestLimitExceeded", "TooManyRequestsException", "ServerException", "ServiceUnavailable",
    };

    private readonly EcsClientOptions options;
    private readonly HttpClient http;
    private readonly bool ownsHttp;
    private readonly Func<CancellationToken, Task<AWSCredentials>> credentials;
    private readonly TimeProvider time;
    private readonly RegionEndpoint region;

    /// <param name="credentials">Null: the SDK's default chain (env, profile, container/instance role), resolved on first use.</param>
    public EcsRunTaskHttpClient(
        EcsClientOptions options,
        Func<CancellationToken, Task<AWSCredentials>>? credentials = null,
        HttpClient? http = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid(problems => new ArgumentException("Invalid ECS client options: " + string.Join(" ", problems), nameof(options)));

        this.options = options;
        this.credentials = credentials ?? (_ => DefaultAWSCredentialsIdentityResolver.GetCredentialsAsync(null!));
        ownsHttp = http is null;
        this.http = http ?? new HttpClient();
        this.time = time ?? TimeProvider.System;
        region = RegionEndpoint.GetBySystemName(options.Region);
    }

    public async Task<RunTaskResponse> RunTaskAsync(RunTaskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.SerializeToUtf8Bytes(request, EcsJsonContext.Default.RunTaskRequest);
        for (var attempt = 1; ; attempt++)
        {
            var last = attempt >= options.MaxTries;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.RequestTimeout);
                using var message = await BuildSignedRequestAsync(body, cancellationToken).ConfigureAwait(false);
                using var response = await http.SendAsync(message, timeout.Token).ConfigureAwait(false);
                var payload = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return JsonSerializer.Deserialize(payload, EcsJsonContext.Default.RunTaskResponse)
                        ?? throw new EcsApiException(response.StatusCode, null, "empty response body");
                }

                var error = ParseError(response.StatusCode, payload);
                if (last || !IsRetryable(response.StatusCode, error.ErrorType))
                {
                    throw error;
                }
            }
            catch (Exception ex) when (!last && !cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // Network failure or per-request timeout: retry with the same clientToken.
            }
            catch (JsonException ex)
            {
                throw new EcsApiException("ECS RunTask returned a response that is not valid JSON.", ex);
            }

            await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        if (ownsHttp)
        {
            http.Dispose();
        }
    }

    internal static bool IsRetryable(HttpStatusCode status, string? errorType) =>
        (int)status >= 500 || status == HttpStatusCode.TooManyRequests || (errorType is not null && RetryableErrorTypes.Contains(errorType));

    /// <summary>The short name of an error type such as <c>com.amazonaws.ecs#ThrottlingException</c>.</summary>
    internal static string? ShortErrorType(string? type) =>
        type is null ? null : type[(type.LastIndexOf('#') + 1)..].Split(':')[0];

    private static EcsApiException ParseError(HttpStatusCode status, byte[] payload)
    {
        AwsJsonError? error = null;
        try
        {
            error = payload.Length > 0 ? JsonSerializer.Deserialize(payload, EcsJsonContext.Default.AwsJsonError) : null;
        }
        catch (JsonException)
        {
            // Not JSON (e.g. a proxy's HTML page): report the status alone.
        }

        return new EcsApiException(status, ShortErrorType(error?.Type), error?.Message ?? error?.MessageUpper ?? "no error message");
    }

    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(options.MaxBackoff.TotalMilliseconds, options.BaseBackoff.TotalMilliseconds * Math.Pow(2, attempt - 1));
#pragma warning disable CA5394 // Jitter, not security.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }

    private async Task<HttpRequestMessage> BuildSignedRequestAsync(byte[] body, CancellationToken cancellationToken)
    {
        var endpoint = options.ResolvedEndpoint;
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = endpoint, Content = body };
        signing.Headers["X-Amz-Target"] = Target;
        signing.Headers["Content-Type"] = ContentType;
        var identity = await credentials(cancellationToken).ConfigureAwait(false);
        var signed = await AWSSigV4Signer.SignAsync(
            signing,
            new AWSSigV4Parameters { Credentials = identity, Region = region, Service = "ecs", SignPayload = true },
            cancellationToken).ConfigureAwait(false);

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        message.Headers.TryAddWithoutValidation("X-Amz-Target", Target);
        foreach (var header in signed.Headers)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return message;
    }
}
