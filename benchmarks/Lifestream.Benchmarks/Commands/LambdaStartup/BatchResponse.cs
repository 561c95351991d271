using System.Text.Json;

namespace Lifestream.Benchmarks.Commands.LambdaStartup;

/// <summary>Reads the host's SQS batch response ({"batchItemFailures":[…]}).</summary>
public static class BatchResponse
{
    /// <summary>Null when every record was handled; otherwise what the response says instead.</summary>
    public static string? Problem(string responseBody)
    {
        try
        {
            using var document = JsonDocument.Parse(responseBody);
            return document.RootElement.TryGetProperty("batchItemFailures", out var failures) && failures.ValueKind == JsonValueKind.Array && failures.GetArrayLength() == 0
                ? null
                : $"the record was not handled: {responseBody}";
        }
        catch (JsonException)
        {
            return $"the response is not a batch response: {responseBody}";
        }
    }
}
