namespace Lifestream.Core.Storage;

/// <summary>Metadata of a stored object (HeadObject). <paramref name="VersionId"/> is null when the bucket is not versioned.</summary>
public sealed record ObjectMetadata(string Bucket, string Key, string ETag, long SizeBytes, string? ContentType, string? VersionId = null);

/// <summary>Object storage port (S3 in AWS and against emulators). Adapters live in Lifestream.Aws.</summary>
public interface IObjectStore
{
    /// <summary>Returns metadata with the ETag unquoted, or null when the object does not exist.</summary>
    Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Streams the object to a local file, only if it still has <paramref name="expectedETag"/> (GET with
    /// <c>If-Match</c>; and <paramref name="versionId"/> pins the version where the bucket is versioned). Throws
    /// <see cref="ObjectNotFoundException"/> when absent and <see cref="SourceObjectChangedException"/> when changed.
    /// </summary>
    Task DownloadToFileAsync(string bucket, string key, string expectedETag, string? versionId, string localPath, CancellationToken cancellationToken);

    /// <summary>Uploads a local file (multipart for large files).</summary>
    Task UploadFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken cancellationToken);

    /// <summary>
    /// A time-limited GET URL (lets ffmpeg read while the download is still running), naming
    /// <paramref name="versionId"/> when the bucket is versioned so that every ranged read sees the same version.
    /// </summary>
    Uri GetPresignedReadUrl(string bucket, string key, string? versionId, TimeSpan validFor);
}
