using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Storage;

namespace Lifestream.Aws.Persistence;

/// <summary>
/// Core's object store on S3 (and S3 emulators: create the client with ForcePathStyle, see
/// <see cref="Lifestream.Aws.Clients.AwsClientFactory"/>). Downloads stream to disk; uploads go through TransferUtility, which switches
/// to multipart for large files.
/// </summary>
public sealed class S3ObjectStore : IObjectStore
{
    private const int CopyBufferBytes = 1 << 20;

    private readonly IAmazonS3 client;
    private readonly TimeProvider time;

    public S3ObjectStore(IAmazonS3 client, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.client = client;
        this.time = time ?? TimeProvider.System;
    }

    public async Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetObjectMetadataAsync(
                new GetObjectMetadataRequest { BucketName = bucket, Key = key },
                cancellationToken).ConfigureAwait(false);
            return new ObjectMetadata(
                bucket,
                key,
                IdempotencyKey.NormalizeETag(response.ETag ?? string.Empty),
                response.ContentLength,
                response.Headers?.ContentType,
                VersionIdOrNull(response.VersionId));
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DownloadToFileAsync(string bucket, string key, string expectedETag, string? versionId, string localPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expectedETag);
        ArgumentException.ThrowIfNullOrWhiteSpace(localPath);
        GetObjectResponse response;
        try
        {
            var request = new GetObjectRequest { BucketName = bucket, Key = key, EtagToMatch = Quoted(expectedETag) };
            if (versionId is not null)
            {
                request.VersionId = versionId;
            }

            response = await client.GetObjectAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ObjectNotFoundException(bucket, key);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            throw new SourceObjectChangedException(
                $"s3://{bucket}/{key} no longer has ETag {expectedETag} (GET If-Match answered 412); the newer upload gets its own job.", ex);
        }

        using (response)
        {
            if (Path.GetDirectoryName(Path.GetFullPath(localPath)) is { } directory)
            {
                Directory.CreateDirectory(directory);
            }

            try
            {
                var file = new FileStream(localPath, FileMode.Create, FileAccess.Write, FileShare.None, CopyBufferBytes, FileOptions.Asynchronous);
                await using (file.ConfigureAwait(false))
                {
                    await response.ResponseStream.CopyToAsync(file, CopyBufferBytes, cancellationToken).ConfigureAwait(false);
                }
            }
            catch
            {
                // Never leave a partial file that could be mistaken for the whole object.
                File.Delete(localPath);
                throw;
            }
        }
    }

    public async Task UploadFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken cancellationToken)
    {
        using var transfer = new TransferUtility(client);
        await transfer.UploadAsync(
            new TransferUtilityUploadRequest { BucketName = bucket, Key = key, FilePath = localPath, ContentType = contentType },
            cancellationToken).ConfigureAwait(false);
    }

    public Uri GetPresignedReadUrl(string bucket, string key, string? versionId, TimeSpan validFor)
    {
        var request = new GetPreSignedUrlRequest
        {
            BucketName = bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = time.GetUtcNow().UtcDateTime + validFor,

            // The uploader chose the stored Content-Type; ffmpeg's http reader uses it to pick a demuxer (an HLS
            // type would select the playlist reader), so the GET answers a neutral type whatever was stored.
            ResponseHeaderOverrides = new ResponseHeaderOverrides { ContentType = "application/octet-stream" },
        };
        if (versionId is not null)
        {
            request.VersionId = versionId;
        }

        return S3Presigner.Presign(client, request);
    }

    /// <summary>S3 answers "null" as the version of an object in an unversioned (or suspended) bucket.</summary>
    private static string? VersionIdOrNull(string? versionId) =>
        string.IsNullOrEmpty(versionId) || string.Equals(versionId, "null", StringComparison.Ordinal) ? null : versionId;

    private static string Quoted(string etag) => $"\"{IdempotencyKey.NormalizeETag(etag)}\"";
}
