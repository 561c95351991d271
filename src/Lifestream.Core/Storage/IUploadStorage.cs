namespace Lifestream.Core.Storage;

/// <summary>One uploaded part of a multipart upload, as the client reports it to complete the upload.</summary>
public sealed record UploadedPart(int PartNumber, string ETag);

/// <summary>
/// What the upload API does with object storage besides <see cref="IObjectStore"/>: presigned PUTs and
/// multipart plans for the client, the small reservation document, the first bytes of an upload, and
/// deletion. The S3 adapter lives in Lifestream.Aws; presigning never touches the network.
/// </summary>
public interface IUploadStorage
{
    /// <summary>A PUT URL for one object; the client must send <paramref name="contentType"/> (it is signed).</summary>
    Uri PresignPut(string bucket, string key, string contentType, DateTimeOffset expiresAt);

    /// <summary>Starts a multipart upload and returns its upload id.</summary>
    Task<string> StartMultipartUploadAsync(string bucket, string key, string contentType, CancellationToken cancellationToken);

    /// <summary>A PUT URL for part <paramref name="partNumber"/> (1-based) of a multipart upload.</summary>
    Uri PresignPart(string bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt);

    /// <summary>
    /// Completes a multipart upload. Throws <see cref="MultipartUploadRejectedException"/> when storage refuses
    /// the parts (unknown upload, wrong ETags, parts too small); completing an already completed upload whose
    /// object exists is the caller's business (check with HeadObject first).
    /// </summary>
    Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken);

    /// <summary>Aborts a multipart upload; an unknown upload id is not an error.</summary>
    Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="count"/> bytes from the start of the object (a ranged GET); empty when the object is absent.</summary>
    Task<byte[]> ReadPrefixAsync(string bucket, string key, int count, CancellationToken cancellationToken);

    /// <summary>Writes a small document (the upload reservation).</summary>
    Task PutDocumentAsync(string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken);

    /// <summary>Reads a small document; null when absent.</summary>
    Task<byte[]?> GetDocumentAsync(string bucket, string key, CancellationToken cancellationToken);

    /// <summary>Deletes every object under <paramref name="prefix"/>; returns how many were deleted.</summary>
    Task<int> DeletePrefixAsync(string bucket, string prefix, CancellationToken cancellationToken);
}
