namespace Lifestream.Core.Processing;

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
