using System.Text.Json.Serialization;
using Lifestream.Dispatcher.Lambda.Runtime;
using Lifestream.Dispatcher.Lambda.Sqs;

namespace Lifestream.Dispatcher.Lambda;

/// <summary>Runtime API error body.</summary>
public sealed record RuntimeErrorBody
{
    [JsonPropertyName("errorMessage")]
    public required string ErrorMessage { get; init; }

    [JsonPropertyName("errorType")]
    public required string ErrorType { get; init; }

    [JsonPropertyName("stackTrace")]
    public IReadOnlyList<string> StackTrace { get; init; } = [];
}

/// <summary>Source-generated serializers: no reflection at start-up (cold start budget).</summary>
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(SqsBatchResponse))]
[JsonSerializable(typeof(RuntimeErrorBody))]
internal sealed partial class LambdaJsonContext : JsonSerializerContext;
