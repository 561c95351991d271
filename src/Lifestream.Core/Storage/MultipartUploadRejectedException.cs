namespace Lifestream.Core.Storage;

/// <summary>Storage refused to complete a multipart upload with the parts given.</summary>
public sealed class MultipartUploadRejectedException : Exception
{
    public MultipartUploadRejectedException()
    {
    }

    public MultipartUploadRejectedException(string message)
        : base(message)
    {
    }

    public MultipartUploadRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
