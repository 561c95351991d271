using Amazon.SQS;
using Lifestream.Core.Dispatching;

namespace Lifestream.Aws.Queue;

/// <summary>Sends upload-confirm messages to the queue the dispatcher consumes.</summary>
public sealed class SqsDispatchQueueClient(IAmazonSQS client, string queueUrl) : IDispatchQueueClient
{
    public async Task SendAsync(string body, CancellationToken cancellationToken) =>
        await client.SendMessageAsync(queueUrl, body, cancellationToken).ConfigureAwait(false);
}
