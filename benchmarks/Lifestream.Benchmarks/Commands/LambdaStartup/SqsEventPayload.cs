using System.Text.Json.Nodes;

namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>An SQS event of one record, shaped as Lambda's SQS event source delivers it.</summary>
public static class SqsEventPayload
{
    public static string WithOneRecord(string messageId, string body, string queueArn) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["messageId"] = messageId,
            ["receiptHandle"] = $"receipt-{messageId}",
            ["body"] = body,
            ["attributes"] = new JsonObject { ["ApproximateReceiveCount"] = "1" },
            ["eventSource"] = "aws:sqs",
            ["eventSourceARN"] = queueArn,
        }),
    }.ToJsonString();
}
