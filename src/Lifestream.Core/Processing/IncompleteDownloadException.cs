namespace Lifestream.Core.Processing;

/// <summary>The downloaded file's size differs from the object's size.</summary>
public sealed class IncompleteDownloadException : Exception
{
    public IncompleteDownloadException()
    {
    }

    public IncompleteDownloadException(string message)
        : base(message)
    {
    }

    public IncompleteDownloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
