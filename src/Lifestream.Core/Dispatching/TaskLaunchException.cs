namespace Lifestream.Core.Dispatching;

/// <summary>The task could not be launched; the message must stay on the queue.</summary>
public sealed class TaskLaunchException : Exception
{
    public TaskLaunchException()
    {
    }

    public TaskLaunchException(string message)
        : base(message)
    {
    }

    public TaskLaunchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
