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

/// <summary>The job record is absent or in a state this task may not move to running.</summary>
public sealed class JobStateConflictException : Exception
{
    public JobStateConflictException()
    {
    }

    public JobStateConflictException(string message)
        : base(message)
    {
    }

    public JobStateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>Uploading the result documents failed, or the pipeline wrote no summary.json.</summary>
public sealed class ResultUploadException : Exception
{
    public ResultUploadException()
    {
    }

    public ResultUploadException(string message)
        : base(message)
    {
    }

    public ResultUploadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
