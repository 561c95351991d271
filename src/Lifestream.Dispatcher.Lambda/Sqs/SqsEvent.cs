using System.Text.Json.Serialization;

namespace Lifestream.Dispatcher.Lambda.Sqs;

// Minimal DTOs of the SQS event-source-mapping payload and the partial-batch response (Amazon.Lambda.SQSEvents
// is not available here).

public sealed record SqsEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage>? Records { get; init; }
}

public sealed record SqsMessage
{
    [JsonPropertyName("messageId")]
    public string? MessageId { get; init; }

    [JsonPropertyName("receiptHandle")]
    public string? ReceiptHandle { get; init; }

    [JsonPropertyName("body")]
    public string? Body { get; init; }

    [JsonPropertyName("attributes")]
    public Dictionary<string, string>? Attributes { get; init; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }
}

/// <summary><c>{"batchItemFailures":[{"itemIdentifier":"&lt;messageId&gt;"}]}</c> (ReportBatchItemFailures).</summary>
public sealed record SqsBatchResponse
{
    [JsonPropertyName("batchItemFailures")]
    public required IReadOnlyList<BatchItemFailure> BatchItemFailures { get; init; }
}

public sealed record BatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
