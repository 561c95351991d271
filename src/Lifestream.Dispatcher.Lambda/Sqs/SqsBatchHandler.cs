using System.Globalization;
using System.Text.Json;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Lifestream.Dispatcher.Lambda.Runtime;

namespace Lifestream.Dispatcher.Lambda.Sqs;

/// <summary>
/// SQS event → dispatcher → <c>batchItemFailures</c> naming every message that must stay on the queue.
/// A payload that is not an SQS event is an invocation error (the platform retries the whole batch).
/// </summary>
public sealed class SqsBatchHandler : ILambdaHandler
{
    private readonly Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch;

    public SqsBatchHandler(Core.Dispatching.UploadDispatcher dispatcher)
        : this((messages, token) => dispatcher.DispatchBatchAsync(messages, token))
    {
        ArgumentNullException.ThrowIfNull(dispatcher);
    }

    public SqsBatchHandler(Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        this.dispatch = dispatch;
    }

    public async Task<byte[]> HandleAsync(LambdaInvocation invocation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var messages = ParseEvent(invocation.Payload);
        var result = await dispatch(messages, cancellationToken).ConfigureAwait(false);
        var response = new SqsBatchResponse { BatchItemFailures = [.. result.FailedMessageIds.Select(id => new BatchItemFailure(id))] };
        return JsonSerializer.SerializeToUtf8Bytes(response, LambdaJsonContext.Default.SqsBatchResponse);
    }

    public static IReadOnlyList<QueueMessage> ParseEvent(byte[] payload)
    {
        SqsEvent? sqsEvent;
        try
        {
            sqsEvent = JsonSerializer.Deserialize(payload, LambdaJsonContext.Default.SqsEvent);
        }
        catch (JsonException ex)
        {
            throw new InvalidSqsEventException($"The invocation payload is not an SQS event: {ex.Message}", ex);
        }

        if (sqsEvent?.Records is not { } records)
        {
            throw new InvalidSqsEventException("The invocation payload has no 'Records' array; is the function wired to an SQS event source?");
        }

        return [.. records.Select((record, index) => new QueueMessage(
            (record ?? throw new InvalidSqsEventException($"Records[{index}] is null, not an SQS message.")).MessageId
                ?? throw new InvalidSqsEventException($"Records[{index}] has no messageId."),
            record.Body ?? string.Empty,
            record.Attributes?.TryGetValue("ApproximateReceiveCount", out var count) == true
                && int.TryParse(count, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0))];
    }
}
