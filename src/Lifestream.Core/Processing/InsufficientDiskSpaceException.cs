namespace Lifestream.Core.Processing;

/// <summary>Not enough free disk under WORK_DIR for the object (checked before downloading).</summary>
public sealed class InsufficientDiskSpaceException : Exception
{
    public InsufficientDiskSpaceException()
    {
    }

    public InsufficientDiskSpaceException(string message)
        : base(message)
    {
    }

    public InsufficientDiskSpaceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InsufficientDiskSpaceException(long requiredBytes, long availableBytes)
        : base($"Not enough free disk space in the work directory: need {requiredBytes} bytes, {availableBytes} available.")
    {
        RequiredBytes = requiredBytes;
        AvailableBytes = availableBytes;
    }

    public long RequiredBytes { get; }

    public long AvailableBytes { get; }
}
