using Lifestream.Core.Uploads;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Lifestream.Api;

/// <summary>
/// RFC 9457 problem details with a stable <c>type</c> per failure (<c>urn:lifestream:problem:&lt;slug&gt;</c>,
/// listed in docs/api.md). Details come from the application layer's exceptions, which never carry secrets;
/// an unexpected exception is answered with a trace id only, and logged by type without its stack trace or
/// message (either may hold a presigned URL or a credential).
/// </summary>
public static class ApiProblems
{
    public const string TypePrefix = "urn:lifestream:problem:";

    private static readonly Dictionary<int, (string Slug, string Title)> ByStatus = new()
    {
        [StatusCodes.Status400BadRequest] = ("invalid-request", "The request is invalid."),
        [StatusCodes.Status401Unauthorized] = ("unauthorized", "Authentication is required."),
        [StatusCodes.Status403Forbidden] = ("forbidden", "The token does not allow this."),
        [StatusCodes.Status404NotFound] = ("not-found", "No such resource."),
        [StatusCodes.Status405MethodNotAllowed] = ("method-not-allowed", "The method is not allowed here."),
        [StatusCodes.Status413PayloadTooLarge] = ("request-too-large", "The request body is too large."),
        [StatusCodes.Status415UnsupportedMediaType] = ("unsupported-media-type", "Send the body as application/json."),
        [StatusCodes.Status500InternalServerError] = ("internal-error", "Something went wrong on our side."),
    };

    public static int StatusOf(ProblemKind kind) => kind switch
    {
        ProblemKind.BadRequest => StatusCodes.Status400BadRequest,
        ProblemKind.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        ProblemKind.NotFound => StatusCodes.Status404NotFound,
        ProblemKind.Conflict => StatusCodes.Status409Conflict,
        ProblemKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Gives framework-made problems (404 of an unknown route, 405, 413 …) our stable types.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var problem = context.ProblemDetails;
        if (problem.Type is null || !problem.Type.StartsWith(TypePrefix, StringComparison.Ordinal))
        {
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            var (slug, title) = ByStatus.GetValueOrDefault(status, ("http-" + status, problem.Title ?? "Request failed."));
            problem.Type = TypePrefix + slug;
            problem.Title = title;
        }

        problem.Instance ??= context.HttpContext.Request.Path;
    }

    public static async Task WriteAsync(HttpContext http, int status, string slug, string title, string detail)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        var writer = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await writer.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Type = TypePrefix + slug, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }

    /// <summary>Maps exceptions to problems.</summary>
    public sealed class ExceptionHandler(ILogger<ExceptionHandler> logger) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            switch (exception)
            {
                case UploadApiException known:
                    logger.LogInformation("{Method} {Path}: {ProblemType}", httpContext.Request.Method, httpContext.Request.Path, known.ProblemType);
                    await WriteAsync(httpContext, StatusOf(known.Kind), known.ProblemType, known.Title, known.Message).ConfigureAwait(false);
                    return true;
                case BadHttpRequestException bad:
                    var (slug, title) = ByStatus.GetValueOrDefault(bad.StatusCode, ByStatus[StatusCodes.Status400BadRequest]);
                    var detail = bad.StatusCode switch
                    {
                        StatusCodes.Status413PayloadTooLarge => $"Request bodies are limited to {ApiSettings.MaxRequestBodyBytes} bytes.",
                        StatusCodes.Status415UnsupportedMediaType => "Send the body as application/json.",
                        _ => "The request body or a parameter is missing or not valid JSON of the documented shape.",
                    };
                    await WriteAsync(httpContext, bad.StatusCode, slug, title, detail).ConfigureAwait(false);
                    return true;
                case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                    return true;
                default:
                    logger.LogError("{Method} {Path} failed with {ExceptionType} (trace {TraceId})", httpContext.Request.Method, httpContext.Request.Path, exception.GetType().FullName, httpContext.TraceIdentifier);
                    await WriteAsync(httpContext, StatusCodes.Status500InternalServerError, "internal-error", ByStatus[500].Title, $"Quote trace id {httpContext.TraceIdentifier} when reporting this.").ConfigureAwait(false);
                    return true;
            }
        }
    }
}
