namespace Lifestream.Core.Storage;

/// <summary>
/// The object no longer is the version this attempt was launched for (overwritten since the upload): the attempt
/// fails as <c>source_changed</c>, permanent for that version; the newer upload has its own event and claim.
/// </summary>
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
