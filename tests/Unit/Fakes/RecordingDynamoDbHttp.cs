using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2;
using Amazon.Runtime;

namespace Lifestream.Tests.Unit.Fakes;

/// <summary>
/// A real <see cref="AmazonDynamoDBClient"/> whose HTTP layer records every request body and answers each with
/// ConditionalCheckFailedException: enough to see exactly what a store sends (the attributes IAM's
/// dynamodb:Attributes condition evaluates) without an emulator.
/// </summary>
internal sealed class RecordingDynamoDbHttp : HttpClientFactory
{
    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    public AmazonDynamoDBClient CreateClient() => new(
        new BasicAWSCredentials("recording", "recording"),
        new AmazonDynamoDBConfig { ServiceURL = "http://127.0.0.1:9", HttpClientFactory = this, MaxErrorRetry = 0 });

    /// <summary>Every attribute name a request touches: its key and the names its expressions use.</summary>
    public static IEnumerable<string> AttributesNamedIn(JsonObject request)
    {
        var key = request["Key"] as JsonObject ?? [];
        var names = request["ExpressionAttributeNames"] as JsonObject ?? [];
        return key.Select(pair => pair.Key).Concat(names.Select(pair => pair.Value!.GetValue<string>()));
    }

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(new Handler(this));

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    private sealed class Handler(RecordingDynamoDbHttp owner) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "{}" : await request.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            owner.Requests.Enqueue(JsonNode.Parse(body)!.AsObject());
            var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
            {
                Content = new StringContent(
                    """{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"recorded, not applied"}""",
                    Encoding.UTF8,
                    "application/x-amz-json-1.0"),
            };
            response.Headers.Add("x-amzn-ErrorType", "ConditionalCheckFailedException");
            return response;
        }
    }
}
