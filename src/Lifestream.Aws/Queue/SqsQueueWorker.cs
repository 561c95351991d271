using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Microsoft.Extensions.Logging;

namespace Lifestream.Aws.Queue;

/// <summary>
/// The local queue worker: long-polls SQS, dispatches each batch, deletes the acknowledged messages, and makes
/// the others visible again after <see cref="SqsQueueWorkerOptions.RetryDelay"/> (SQS's redrive policy moves
/// them to the DLQ after maxReceiveCount). While a batch is in flight its visibility is extended periodically.
/// This is what the Lambda event source mapping does in AWS.
/// </summary>
public sealed class SqsQueueWorker
{
    private readonly IAmazonSQS sqs;
    private readonly Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch;
    private readonly SqsQueueWorkerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public SqsQueueWorker(
        IAmazonSQS sqs,
        Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch,
        SqsQueueWorkerOptions options,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.GetProblems();
        if (problems.Count > 0)
        {
            throw new DispatcherConfigurationException(problems);
        }

        this.sqs = sqs ?? throw new ArgumentNullException(nameof(sqs));
        this.dispatch = dispatch ?? throw new ArgumentNullException(nameof(dispatch));
        this.options = options;
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Polls until <paramref name="stopping"/> fires; a failing poll is logged and retried after a pause.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Polling {QueueUrl} failed; retrying", options.QueueUrl);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One receive → dispatch → delete/retry round. Returns how many messages were received.</summary>
    public async Task<int> PollOnceAsync(CancellationToken cancellationToken)
    {
        var received = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = options.QueueUrl,
                MaxNumberOfMessages = options.BatchSize,
                WaitTimeSeconds = (int)options.WaitTime.TotalSeconds,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            },
            cancellationToken).ConfigureAwait(false);
        var messages = received.Messages ?? [];
        if (messages.Count == 0)
        {
            return 0;
        }

        var byId = messages.ToDictionary(m => m.MessageId, StringComparer.Ordinal);
        var batch = messages.Select(m => new QueueMessage(m.MessageId, m.Body ?? string.Empty, ReceiveCount(m))).ToList();

        BatchDispatchResult result;
        using (var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var extending = ExtendVisibilityAsync(messages, heartbeat.Token);
            try
            {
                result = await dispatch(batch, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await heartbeat.CancelAsync().ConfigureAwait(false);
                await extending.ConfigureAwait(false);
            }
        }

        var acknowledged = result.Messages.Where(m => m.Acknowledge).Select(m => byId[m.MessageId]).ToList();
        var retried = result.Messages.Where(m => !m.Acknowledge).Select(m => byId[m.MessageId]).ToList();
        await DeleteAsync(acknowledged, cancellationToken).ConfigureAwait(false);
        await ChangeVisibilityAsync(retried, options.RetryDelay, CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("Batch of {Count}: {Acknowledged} acknowledged, {Retried} left for retry", messages.Count, acknowledged.Count, retried.Count);
        return messages.Count;
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes?.TryGetValue("ApproximateReceiveCount", out var raw) == true
            && int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;

    private async Task ExtendVisibilityAsync(IReadOnlyList<Message> messages, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.HeartbeatInterval, time, cancellationToken).ConfigureAwait(false);
                await ChangeVisibilityAsync(messages, options.HeartbeatExtension, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The batch finished.
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Extending visibility failed; the batch may be redelivered while still being dispatched");
        }
    }

    private async Task DeleteAsync(List<Message> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var response = await sqs.DeleteMessageBatchAsync(
            new DeleteMessageBatchRequest
            {
                QueueUrl = options.QueueUrl,
                Entries = [.. messages.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle))],
            },
            cancellationToken).ConfigureAwait(false);
        foreach (var failed in response.Failed ?? [])
        {
            // Redelivery is harmless: the claim makes the second dispatch a no-op.
            logger.LogWarning("Deleting a dispatched message failed ({Code}: {Reason}); it will be redelivered and skipped", failed.Code, failed.Message);
        }
    }

    private async Task ChangeVisibilityAsync(IReadOnlyList<Message> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        try
        {
            await sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = options.QueueUrl,
                    Entries = [.. messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(i.ToString(CultureInfo.InvariantCulture), m.ReceiptHandle)
                    {
                        VisibilityTimeout = (int)visibility.TotalSeconds,
                    })],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex)
        {
            // Not fatal: the message becomes visible when its current visibility timeout ends.
            logger.LogWarning(ex, "Changing visibility of {Count} message(s) failed", messages.Count);
        }
    }
}
