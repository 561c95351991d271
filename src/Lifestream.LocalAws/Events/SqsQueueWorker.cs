using Amazon.SQS;
using Amazon.SQS.Model;
using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Dispatching.Messages;
using Microsoft.Extensions.Logging;

namespace Lifestream.LocalAws.Events;

/// <summary>
/// The local stand-in for Lambda's SQS event source mapping with ReportBatchItemFailures: long-polls a
/// batch, hands it to the dispatcher, deletes only the acknowledged messages and leaves the rest to
/// become visible again (then SQS's redrive policy moves poison messages to the DLQ).
/// </summary>
public sealed class SqsQueueWorker
{
    private readonly IAmazonSQS sqs;
    private readonly string queueUrl;
    private readonly Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch;
    private readonly SqsQueueWorkerOptions options;
    private readonly ILogger logger;
    private long received;
    private long deleted;
    private long leftOnQueue;

    public SqsQueueWorker(
        IAmazonSQS sqs,
        string queueUrl,
        Func<IReadOnlyList<QueueMessage>, CancellationToken, Task<BatchDispatchResult>> dispatch,
        SqsQueueWorkerOptions options,
        ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(queueUrl);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalidArgument(nameof(options));

        this.sqs = sqs ?? throw new ArgumentNullException(nameof(sqs));
        this.queueUrl = queueUrl;
        this.dispatch = dispatch ?? throw new ArgumentNullException(nameof(dispatch));
        this.options = options;
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public long Received => Interlocked.Read(ref received);

    public long Deleted => Interlocked.Read(ref deleted);

    public long LeftOnQueue => Interlocked.Read(ref leftOnQueue);

    /// <summary>Polls until cancelled. Batches run one after another per poller; <see cref="SqsQueueWorkerOptions.Pollers"/> run concurrently.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Pollers).Select(_ => PollAsync(cancellationToken)));

    /// <summary>Receives and handles at most one batch; returns how many messages it received.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var response = await sqs.ReceiveMessageAsync(
            new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = options.BatchSize,
                WaitTimeSeconds = (int)options.LongPoll.TotalSeconds,
                MessageSystemAttributeNames = ["ApproximateReceiveCount"],
            },
            cancellationToken).ConfigureAwait(false);
        var messages = response.Messages ?? [];
        if (messages.Count == 0)
        {
            return 0;
        }

        Interlocked.Add(ref received, messages.Count);
        var batch = messages.Select(m => new QueueMessage(m.MessageId, m.Body, ReceiveCount(m))).ToList();

        // Like a Lambda invocation: the batch gets a deadline; unfinished records come back as retry-later.
        using var invocation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        invocation.CancelAfter(options.BatchTimeout);
        BatchDispatchResult result;
        using (var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            // A slow dispatch keeps its messages invisible so that no other poller picks them up meanwhile.
            var extending = ExtendVisibilityAsync(messages, heartbeat.Token);
            try
            {
                result = await dispatch(batch, invocation.Token).ConfigureAwait(false);
            }
            finally
            {
                await heartbeat.CancelAsync().ConfigureAwait(false);
                await extending.ConfigureAwait(false);
            }
        }

        var failed = result.FailedMessageIds.ToHashSet(StringComparer.Ordinal);
        var acknowledged = messages.Where(m => !failed.Contains(m.MessageId)).ToList();
        if (acknowledged.Count > 0)
        {
            var delete = await sqs.DeleteMessageBatchAsync(
                new DeleteMessageBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = [.. acknowledged.Select((m, i) => new DeleteMessageBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle))],
                },
                CancellationToken.None).ConfigureAwait(false);
            Interlocked.Add(ref deleted, delete.Successful?.Count ?? 0);
            foreach (var failure in delete.Failed ?? [])
            {
                logger.LogWarning("Could not delete an acknowledged message ({Code}: {Message}); it will be redelivered and deduplicated by its claim.", failure.Code, failure.Message);
            }
        }

        Interlocked.Add(ref leftOnQueue, failed.Count);
        if (failed.Count > 0)
        {
            logger.LogInformation("{Count} message(s) left on the queue for redelivery.", failed.Count);
            if (options.RetryDelay is { } retryDelay)
            {
                await ChangeVisibilityAsync([.. messages.Where(m => failed.Contains(m.MessageId))], retryDelay, CancellationToken.None).ConfigureAwait(false);
            }
        }

        return messages.Count;
    }

    private async Task ExtendVisibilityAsync(List<Message> messages, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.HeartbeatInterval, cancellationToken).ConfigureAwait(false);
                await ChangeVisibilityAsync(messages, options.VisibilityExtension, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The batch finished.
        }
    }

    private async Task ChangeVisibilityAsync(List<Message> messages, TimeSpan visibility, CancellationToken cancellationToken)
    {
        try
        {
            await sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = queueUrl,
                    Entries = [.. messages.Select((m, i) => new ChangeMessageVisibilityBatchRequestEntry(i.ToString(System.Globalization.CultureInfo.InvariantCulture), m.ReceiptHandle)
                    {
                        VisibilityTimeout = (int)visibility.TotalSeconds,
                    })],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonSQSException ex)
        {
            // Not fatal: the messages become visible when their current visibility timeout ends.
            logger.LogWarning(ex, "Changing the visibility of {Count} message(s) failed.", messages.Count);
        }
    }

    private static int ReceiveCount(Message message) =>
        message.Attributes is not null && message.Attributes.TryGetValue("ApproximateReceiveCount", out var value) &&
        int.TryParse(value, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? count
            : 0;

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (AmazonSQSException ex)
            {
                logger.LogWarning(ex, "Receiving from {Queue} failed; retrying.", queueUrl);
                await Task.Delay(options.ErrorBackoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Settings of <see cref="SqsQueueWorker"/>, mirroring the Lambda event source mapping.</summary>
public sealed record SqsQueueWorkerOptions : IValidatedOptions
{
    /// <summary>Messages per receive (SQS allows 1–10; the Terraform event source mapping uses 10).</summary>
    public int BatchSize { get; init; } = 10;

    /// <summary>Long-poll wait per receive (0–20 s).</summary>
    public TimeSpan LongPoll { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Concurrent pollers (Lambda scales out the same way, bounded by reserved concurrency).</summary>
    public int Pollers { get; init; } = 2;

    /// <summary>Deadline of one batch, like the Lambda timeout; must stay below the queue's visibility timeout.</summary>
    public TimeSpan BatchTimeout { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan ErrorBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>While a batch is being dispatched, its messages' visibility is pushed out to <see cref="VisibilityExtension"/> this often.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan VisibilityExtension { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// When set, a message left for retry becomes visible again after this instead of the queue's visibility
    /// timeout (each redelivery still counts towards maxReceiveCount). Null keeps the queue's timeout, as Lambda does.
    /// </summary>
    public TimeSpan? RetryDelay { get; init; }

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (BatchSize is < 1 or > 10)
        {
            problems.Add($"{nameof(BatchSize)} must be 1–10 (was {BatchSize}).");
        }

        if (LongPoll < TimeSpan.Zero || LongPoll > TimeSpan.FromSeconds(20))
        {
            problems.Add($"{nameof(LongPoll)} must be 0–20 s (was {LongPoll}).");
        }

        if (Pollers is < 1 or > 64)
        {
            problems.Add($"{nameof(Pollers)} must be 1–64 (was {Pollers}).");
        }

        if (HeartbeatInterval <= TimeSpan.Zero || VisibilityExtension <= HeartbeatInterval || VisibilityExtension > TimeSpan.FromHours(12))
        {
            problems.Add($"{nameof(HeartbeatInterval)} must be positive and shorter than {nameof(VisibilityExtension)} (at most 12 h).");
        }

        if (RetryDelay is { } delay && (delay < TimeSpan.Zero || delay > TimeSpan.FromHours(12)))
        {
            problems.Add($"{nameof(RetryDelay)} must be 0–12 h (was {delay}).");
        }

        if (BatchTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{nameof(BatchTimeout)} must be positive.");
        }

        return problems;
    }
}
