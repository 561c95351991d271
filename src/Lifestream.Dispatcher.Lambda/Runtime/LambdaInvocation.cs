namespace Lifestream.Dispatcher.Lambda.Runtime;

/// <summary>One event handed out by <c>GET /2018-06-01/runtime/invocation/next</c>.</summary>
/// <param name="RequestId">Lambda-Runtime-Aws-Request-Id.</param>
/// <param name="Payload">The event JSON.</param>
/// <param name="Deadline">Lambda-Runtime-Deadline-Ms: when the platform kills the invocation.</param>
/// <param name="TraceId">Lambda-Runtime-Trace-Id (X-Ray), if any.</param>
public sealed record LambdaInvocation(string RequestId, byte[] Payload, DateTimeOffset Deadline, string? TraceId = null);

/// <summary>An error report for <c>/invocation/{id}/error</c> and <c>/init/error</c>.</summary>
public sealed record LambdaError(string ErrorType, string ErrorMessage)
{
    public static LambdaError From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new LambdaError(exception.GetType().Name, exception.Message);
    }
}
