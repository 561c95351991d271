namespace Lifestream.Core.Storage;

public sealed class ObjectNotFoundException : Exception
{
    public ObjectNotFoundException()
    {
    }

    public ObjectNotFoundException(string message)
        : base(message)
    {
    }

    public ObjectNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ObjectNotFoundException(string bucket, string key)
        : base($"Object s3://{bucket}/{key} does not exist.")
    {
        Bucket = bucket;
        Key = key;
    }

    public string? Bucket { get; }

    public string? Key { get; }
}
