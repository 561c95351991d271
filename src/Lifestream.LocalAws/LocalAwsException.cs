namespace Lifestream.LocalAws;

/// <summary>The local stack cannot be started as configured.</summary>
public sealed class LocalAwsException : Exception
{
    public LocalAwsException()
    {
    }

    public LocalAwsException(string message)
        : base(message)
    {
    }

    public LocalAwsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
