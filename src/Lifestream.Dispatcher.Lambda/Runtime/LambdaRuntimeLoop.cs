using Microsoft.Extensions.Logging;

namespace Lifestream.Dispatcher.Lambda.Runtime;

/// <summary>
/// The custom-runtime loop: next → handle → response, or error when the handler throws. The handler's token
/// fires <see cref="DeadlineMargin"/> before the invocation deadline so it can still return a (partial) answer.
/// </summary>
public sealed class LambdaRuntimeLoop
{
    private readonly ILambdaRuntimeClient runtime;
    private readonly ILambdaHandler handler;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public LambdaRuntimeLoop(ILambdaRuntimeClient runtime, ILambdaHandler handler, TimeProvider time, ILogger logger, TimeSpan? deadlineMargin = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        this.runtime = runtime;
        this.handler = handler;
        this.time = time;
        this.logger = logger;
        DeadlineMargin = deadlineMargin ?? TimeSpan.FromSeconds(2);
    }

    public TimeSpan DeadlineMargin { get; }

    /// <summary>
    /// Runs until <paramref name="stopping"/> fires, then returns normally (in Lambda it never fires: the
    /// platform freezes or kills the process).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var first = true;
            while (!stopping.IsCancellationRequested)
            {
                var invocation = await runtime.NextInvocationAsync(stopping).ConfigureAwait(false);
                await HandleOneAsync(invocation, stopping).ConfigureAwait(false);
                if (first)
                {
                    // After the response is posted, so it costs the cold start nothing: shows how much code the
                    // first event still had to JIT-compile despite ReadyToRun (the cold-start budget's main lever).
                    ColdStartLog.FirstInvocationHandled(logger);
                    first = false;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped while waiting for the next event.
        }
    }

    /// <summary>Handles one invocation and reports its response or error to the Runtime API.</summary>
    public async Task HandleOneAsync(LambdaInvocation invocation, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["aws_request_id"] = invocation.RequestId });
        if (invocation.TraceId is not null)
        {
            Environment.SetEnvironmentVariable("_X_AMZN_TRACE_ID", invocation.TraceId);
        }

        var budget = invocation.Deadline == DateTimeOffset.MaxValue ? Timeout.InfiniteTimeSpan : invocation.Deadline - time.GetUtcNow() - DeadlineMargin;
        if (budget != Timeout.InfiniteTimeSpan && budget < TimeSpan.Zero)
        {
            budget = TimeSpan.Zero;
        }

        using var deadline = new CancellationTokenSource(budget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, stopping);
        byte[] response;
        try
        {
            response = await handler.HandleAsync(invocation, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Invocation {RequestId} failed", invocation.RequestId);
            await runtime.PostErrorAsync(invocation.RequestId, LambdaError.From(ex), stopping).ConfigureAwait(false);
            return;
        }

        await runtime.PostResponseAsync(invocation.RequestId, response, stopping).ConfigureAwait(false);
    }
}
