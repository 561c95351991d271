using System.Collections.Concurrent;
using System.Globalization;
using Lifestream.Tests.Unit.Aws;

namespace Lifestream.Tests.Unit.Dispatcher.Lambda;

/// <summary>
/// A fake Lambda Runtime API on loopback: hands out queued events on GET .../invocation/next (blocking while
/// none is queued), and records what the runtime posts back.
/// </summary>
internal sealed class FakeRuntimeApi : IAsyncDisposable
{
    private readonly BlockingCollection<(string RequestId, string Payload, DateTimeOffset Deadline)> events = [];
    private readonly LoopbackHttpServer server;

    public FakeRuntimeApi()
    {
        server = new LoopbackHttpServer(HandleAsync);
    }

    /// <summary>host:port, as AWS_LAMBDA_RUNTIME_API gives it.</summary>
    public string Address => $"127.0.0.1:{server.Port}";

    public ConcurrentQueue<ReceivedRequest> Posts { get; } = new();

    public TaskCompletionSource<ReceivedRequest> FirstPost { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Enqueue(string requestId, string payload, DateTimeOffset deadline) => events.Add((requestId, payload, deadline));

    public async ValueTask DisposeAsync()
    {
        events.CompleteAdding();
        await server.DisposeAsync();
        events.Dispose();
    }

    private Task<CannedResponse> HandleAsync(ReceivedRequest request)
    {
        if (request.Method == "GET" && request.PathAndQuery == "/2018-06-01/runtime/invocation/next")
        {
            return Task.Run(() =>
            {
                if (!events.TryTake(out var next, TimeSpan.FromSeconds(30)))
                {
                    return new CannedResponse(500, "no event");
                }

                return new CannedResponse(200, next.Payload, new Dictionary<string, string>
                {
                    ["Lambda-Runtime-Aws-Request-Id"] = next.RequestId,
                    ["Lambda-Runtime-Deadline-Ms"] = next.Deadline.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
                    ["Lambda-Runtime-Trace-Id"] = "Root=1-abc",
                });
            });
        }

        Posts.Enqueue(request);
        FirstPost.TrySetResult(request);
        return Task.FromResult(new CannedResponse(202, """{"status":"OK"}"""));
    }
}
