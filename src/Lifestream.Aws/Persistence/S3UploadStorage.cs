using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Lifestream.Core.Storage;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// The upload API's S3 operations. Presigning is local computation (SigV4 query signing); against emulators
/// the URLs are plain http, as the client's endpoint is.
/// </summary>
public sealed class S3UploadStorage : IUploadStorage
{
    private const int DeleteBatch = 1000;

    private readonly IAmazonS3 client;

    public S3UploadStorage(IAmazonS3 client)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
    }

    public Uri PresignPut(string bucket, string key, string contentType, DateTimeOffset expiresAt) =>
        Presign(new GetPreSignedUrlRequest { BucketName = bucket, Key = key, Verb = HttpVerb.PUT, ContentType = contentType, Expires = expiresAt.UtcDateTime });

    public Uri PresignPart(string bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        Presign(new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.PUT,
            UploadId = uploadId,
            PartNumber = partNumber,
            Expires = expiresAt.UtcDateTime,
        });

    public async Task<string> StartMultipartUploadAsync(string bucket, string key, string contentType, CancellationToken cancellationToken)
    {
        var response = await client.InitiateMultipartUploadAsync(
            new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType },
            cancellationToken).ConfigureAwait(false);
        return response.UploadId;
    }

    public async Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parts);
        try
        {
            await client.CompleteMultipartUploadAsync(
                new CompleteMultipartUploadRequest
                {
                    BucketName = bucket,
                    Key = key,
                    UploadId = uploadId,
                    PartETags = [.. parts.Select(p => new PartETag(p.PartNumber, p.ETag))],
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound)
        {
            // InvalidPart, InvalidPartOrder, EntityTooSmall, NoSuchUpload: the code names the problem, the message may echo ids.
            throw new MultipartUploadRejectedException($"S3 refused the parts ({ex.ErrorCode ?? ex.StatusCode.ToString()}).", ex);
        }
    }

    public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
        }
    }

    public async Task<byte[]> ReadPrefixAsync(string bucket, string key, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        try
        {
            using var response = await client.GetObjectAsync(
                new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(0, count - 1) },
                cancellationToken).ConfigureAwait(false);
            var buffer = new byte[count];
            var read = 0;
            while (read < count)
            {
                var n = await response.ResponseStream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }

                read += n;
            }

            return buffer[..read];
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            return [];
        }
    }

    public async Task PutDocumentAsync(string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(content, writable: false);
        await client.PutObjectAsync(
            new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, ContentType = contentType, AutoCloseStream = false },
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]?> GetDocumentAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
            return copy.ToArray();
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<int> DeletePrefixAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var deleted = 0;
        string? token = null;
        do
        {
            var page = await client.ListObjectsV2Async(
                new ListObjectsV2Request { BucketName = bucket, Prefix = prefix, ContinuationToken = token, MaxKeys = DeleteBatch },
                cancellationToken).ConfigureAwait(false);
            var keys = page.S3Objects ?? [];
            if (keys.Count > 0)
            {
                await client.DeleteObjectsAsync(
                    new DeleteObjectsRequest { BucketName = bucket, Objects = [.. keys.Select(o => new KeyVersion { Key = o.Key })] },
                    cancellationToken).ConfigureAwait(false);
                deleted += keys.Count;
            }

            token = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (token is not null);

        return deleted;
    }

    private Uri Presign(GetPreSignedUrlRequest request) => S3Presigner.Presign(client, request);
}
