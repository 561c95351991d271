namespace Lifestream.Core.Dispatching;

/// <summary>The queue the dispatcher consumes (SQS); the upload API sends its confirm messages to it.</summary>
public interface IDispatchQueueClient
{
    Task SendAsync(string body, CancellationToken cancellationToken);
}
