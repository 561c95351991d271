namespace Lifestream.Dispatcher.Lambda.Sqs;

/// <summary>The invocation payload is not an SQS event (wrong trigger or a broken test event).</summary>
public sealed class InvalidSqsEventException : Exception
{
    public InvalidSqsEventException()
    {
    }

    public InvalidSqsEventException(string message)
        : base(message)
    {
    }

    public InvalidSqsEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
