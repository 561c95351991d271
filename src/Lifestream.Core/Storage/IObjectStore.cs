namespace Lifestream.Core.Storage;

/// <summary>Metadata of a stored object (HeadObject).</summary>
public sealed record ObjectMetadata(string Bucket, string Key, string ETag, long SizeBytes, string? ContentType);

/// <summary>Object storage port (S3 in AWS and against emulators). Adapters live in Lifestream.Aws.</summary>
public interface IObjectStore
{
    /// <summary>Returns metadata with the ETag unquoted, or null when the object does not exist.</summary>
    Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Streams the object to a local file. Throws <see cref="ObjectNotFoundException"/> when absent.</summary>
    Task DownloadToFileAsync(string bucket, string key, string localPath, CancellationToken cancellationToken);

    /// <summary>Uploads a local file (multipart for large files).</summary>
    Task UploadFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken cancellationToken);

    /// <summary>A time-limited GET URL (lets ffmpeg read while the download is still running).</summary>
    Uri GetPresignedReadUrl(string bucket, string key, TimeSpan validFor);
}
