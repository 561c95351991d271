using System.Text.Json;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Dispatcher.Lambda.Runtime;
using Lifestream.Dispatcher.Lambda.Sqs;
using Lifestream.Tests.Unit.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using UploadDispatcher = Lifestream.Core.Dispatching.UploadDispatcher;

namespace Lifestream.Tests.Unit.Dispatcher.Lambda.Runtime;

/// <summary>The custom-runtime loop against a fake Runtime API on loopback.</summary>
public class LambdaRuntimeLoopTests
{
    private static string SqsEventJson(params (string Id, string Body)[] messages) => JsonSerializer.Serialize(new
    {
        Records = messages.Select(m => new Dictionary<string, object>
        {
            ["messageId"] = m.Id,
            ["receiptHandle"] = "rh-" + m.Id,
            ["body"] = m.Body,
            ["attributes"] = new Dictionary<string, string> { ["ApproximateReceiveCount"] = "2" },
            ["eventSource"] = "aws:sqs",
        }),
    });

    private static BatchDispatchResult FailOnly(IReadOnlyList<QueueMessage> messages, string failingId) => new(
        [.. messages.Select(m => new MessageDispatchResult(m.MessageId, [new DispatchOutcome(m.MessageId == failingId ? DispatchOutcomeKind.RetryLater : DispatchOutcomeKind.Launched)]))]);

    [Fact]
    public async Task Next_then_response_with_batch_item_failures()
    {
        await using var api = new FakeRuntimeApi();
        using var runtime = new LambdaRuntimeApiClient(api.Address);
        IReadOnlyList<QueueMessage>? seen = null;
        var handler = new SqsBatchHandler((messages, _) =>
        {
            seen = messages;
            return Task.FromResult(FailOnly(messages, "m2"));
        });
        var loop = new LambdaRuntimeLoop(runtime, handler, TimeProvider.System, NullLogger.Instance);
        api.Enqueue("req-1", SqsEventJson(("m1", "a"), ("m2", "b")), DateTimeOffset.UtcNow.AddMinutes(1));
        using var stop = new CancellationTokenSource();

        var running = loop.RunAsync(stop.Token);
        var post = await api.FirstPost.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await running; // returns once stopped

        Assert.Equal("POST", post.Method);
        Assert.Equal("/2018-06-01/runtime/invocation/req-1/response", post.PathAndQuery);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m2"}]}""", post.BodyText);
        Assert.Equal(["m1", "m2"], seen!.Select(m => m.MessageId));
        Assert.Equal(["a", "b"], seen!.Select(m => m.Body));
        Assert.All(seen!, m => Assert.Equal(2, m.ReceiveCount));
    }

    [Fact]
    public async Task All_acknowledged_gives_an_empty_failure_list()
    {
        await using var api = new FakeRuntimeApi();
        using var runtime = new LambdaRuntimeApiClient(api.Address);
        var loop = new LambdaRuntimeLoop(runtime, new SqsBatchHandler((m, _) => Task.FromResult(FailOnly(m, "none"))), TimeProvider.System, NullLogger.Instance);
        api.Enqueue("req-2", SqsEventJson(("m1", "a")), DateTimeOffset.UtcNow.AddMinutes(1));

        await loop.HandleOneAsync(await runtime.NextInvocationAsync(default), default);

        Assert.Equal("""{"batchItemFailures":[]}""", Assert.Single(api.Posts).BodyText);
    }

    [Fact]
    public async Task Handler_exception_is_posted_to_the_error_endpoint()
    {
        await using var api = new FakeRuntimeApi();
        using var runtime = new LambdaRuntimeApiClient(api.Address);
        var loop = new LambdaRuntimeLoop(runtime, new SqsBatchHandler((m, _) => Task.FromResult(FailOnly(m, "x"))), TimeProvider.System, NullLogger.Instance);
        api.Enqueue("req-3", """{"not":"sqs"}""", DateTimeOffset.UtcNow.AddMinutes(1));

        var invocation = await runtime.NextInvocationAsync(default);
        await loop.HandleOneAsync(invocation, default);

        var post = Assert.Single(api.Posts);
        Assert.Equal("Root=1-abc", invocation.TraceId);
        Assert.Equal("/2018-06-01/runtime/invocation/req-3/error", post.PathAndQuery);
        Assert.Equal(nameof(InvalidSqsEventException), post.Headers["Lambda-Runtime-Function-Error-Type"]);
        using var body = JsonDocument.Parse(post.Body);
        Assert.Equal(nameof(InvalidSqsEventException), body.RootElement.GetProperty("errorType").GetString());
        Assert.Contains("Records", body.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_error_is_posted_to_the_init_endpoint()
    {
        await using var api = new FakeRuntimeApi();
        using var runtime = new LambdaRuntimeApiClient(api.Address);

        await runtime.PostInitErrorAsync(new LambdaError("DispatcherConfigurationException", "JOBS_TABLE_NAME is required"), default);

        var post = Assert.Single(api.Posts);
        Assert.Equal("/2018-06-01/runtime/init/error", post.PathAndQuery);
        Assert.Contains("JOBS_TABLE_NAME", post.BodyText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_cancels_the_dispatch_before_the_platform_does_and_reports_the_message_for_retry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var policy = new IdempotencyOptions();
        var claims = new InMemoryIdempotencyStore(policy, clock);
        var objects = new FakeObjectStore();
        objects.Put("media", "uploads/a.mp4", "e1");
        var launcher = new RecordingTaskLauncher { Gate = new TaskCompletionSource() };
        var dispatcher = new UploadDispatcher(
            new DispatcherOptions { JobsTableName = "j", IdempotencyTableName = "i" },
            policy,
            objects,
            claims,
            new InMemoryJobStore(),
            launcher,
            clock,
            NullLogger<UploadDispatcher>.Instance);
        await using var api = new FakeRuntimeApi();
        using var runtime = new LambdaRuntimeApiClient(api.Address);
        var loop = new LambdaRuntimeLoop(runtime, new SqsBatchHandler(dispatcher), clock, NullLogger.Instance, deadlineMargin: TimeSpan.FromSeconds(2));
        var body = """{"Records":[{"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"media"},"object":{"key":"uploads/a.mp4"}}}]}""";
        api.Enqueue("req-4", SqsEventJson(("m1", body)), clock.GetUtcNow().AddSeconds(5));

        var handling = loop.HandleOneAsync(await runtime.NextInvocationAsync(default), default);
        while (claims.Snapshot().Count == 0)
        {
            await Task.Delay(5);
        }

        clock.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Empty(api.Posts); // the launch is still pending before the margin
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await handling;

        var post = Assert.Single(api.Posts);
        Assert.Equal("/2018-06-01/runtime/invocation/req-4/response", post.PathAndQuery);
        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m1"}]}""", post.BodyText);
        Assert.Equal(ClaimState.Failed, claims.Snapshot().Single().State);
        Assert.Empty(launcher.Launches);
    }

    [Fact]
    public void Sqs_event_without_message_id_is_rejected()
    {
        var payload = """{"Records":[{"body":"x"}]}"""u8.ToArray();

        var ex = Assert.Throws<InvalidSqsEventException>(() => SqsBatchHandler.ParseEvent(payload));

        Assert.Contains("messageId", ex.Message, StringComparison.Ordinal);
    }
}
