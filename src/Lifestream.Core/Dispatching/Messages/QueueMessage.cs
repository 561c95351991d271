namespace Lifestream.Core.Dispatching.Messages;

/// <summary>One SQS message as the hosts hand it to the dispatcher.</summary>
/// <param name="MessageId">SQS message id; reported back as a batch item failure when not acknowledged.</param>
/// <param name="Body">The raw body (S3 event notification JSON, or an upload-confirm message).</param>
/// <param name="ReceiveCount">ApproximateReceiveCount when known (logging only), else 0.</param>
public sealed record QueueMessage(string MessageId, string Body, int ReceiveCount = 0);
