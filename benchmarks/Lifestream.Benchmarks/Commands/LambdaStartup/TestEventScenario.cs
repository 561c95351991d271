namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>
/// The host's own start-up: the event carries S3's <c>s3:TestEvent</c>, which the dispatcher acknowledges
/// without any AWS call. Composition still builds the S3/DynamoDB/ECS clients; their endpoints point at a closed
/// loopback port, so a call that should not happen fails the run instead of reaching AWS.
/// </summary>
public sealed class TestEventScenario : IStartupScenario
{
    private const string TestEventBody = """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-01-01T00:00:00.000Z","Bucket":"lifestream-bench","RequestId":"bench","HostId":"bench"}""";

    public string Name => "s3-test-event";

    public string Description => "one SQS record carrying s3:TestEvent: acknowledged without AWS calls (host start, composition, Runtime API loop, JSON)";

    public IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>(DispatcherSettings.For("lifestream-bench-jobs", "lifestream-bench-idempotency"), StringComparer.Ordinal)
    {
        ["AWS_REGION"] = "eu-west-1",
        ["AWS_ACCESS_KEY_ID"] = "lifestreamlocal",
        ["AWS_SECRET_ACCESS_KEY"] = "lifestreamlocal",

        // Port 9 (discard) on loopback: nothing listens, so any AWS call fails fast and shows in the response.
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:9",
    };

    public Task<string> NextEventAsync(int run, CancellationToken cancellationToken) =>
        Task.FromResult(SqsEventPayload.WithOneRecord($"test-event-{run}", TestEventBody, "arn:aws:sqs:eu-west-1:000000000000:lifestream-bench-uploads"));

    public string? Check(string responseBody) => BatchResponse.Problem(responseBody);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
