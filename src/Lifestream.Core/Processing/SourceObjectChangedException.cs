namespace Lifestream.Core.Processing;

/// <summary>The object's current ETag is not the one the claim is for (it was overwritten since the upload).</summary>
public sealed class SourceObjectChangedException : Exception
{
    public SourceObjectChangedException()
    {
    }

    public SourceObjectChangedException(string message)
        : base(message)
    {
    }

    public SourceObjectChangedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
