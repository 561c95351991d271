using System.Net;

namespace Lifestream.Aws.Ecs;

/// <summary>ECS answered with an error (after retries for retryable ones).</summary>
public sealed class EcsApiException : Exception
{
    public EcsApiException()
    {
    }

    public EcsApiException(string message)
        : base(message)
    {
    }

    public EcsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EcsApiException(HttpStatusCode statusCode, string? errorType, string message)
        : base($"ECS RunTask failed with {(int)statusCode} {errorType ?? "(no error type)"}: {message}")
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The short error type, e.g. <c>ThrottlingException</c>, <c>ClientException</c>.</summary>
    public string? ErrorType { get; }
}
