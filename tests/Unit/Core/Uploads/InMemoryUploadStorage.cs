using System.Collections.Concurrent;
using Lifestream.Core.Storage;

namespace Lifestream.Tests.Unit.Core.Uploads;

/// <summary>Objects in memory behind both storage ports; presigned URLs are fake but carry a signature to look for.</summary>
internal sealed class InMemoryUploadStorage : IObjectStore, IUploadStorage
{
    public ConcurrentDictionary<string, byte[]> Objects { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, string> OpenMultipartUploads { get; } = new(StringComparer.Ordinal);

    public void Put(string key, byte[] content) => Objects[key] = content;

    public Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryGetValue(key, out var bytes) ? new ObjectMetadata(bucket, key, $"etag-{bytes.Length}", bytes.Length, null) : null);

    public Task DownloadToFileAsync(string bucket, string key, string expectedETag, string? versionId, string localPath, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task UploadFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Uri GetPresignedReadUrl(string bucket, string key, string? versionId, TimeSpan validFor) => new($"http://storage.test/{bucket}/{key}?X-Amz-Signature=get");

    public Uri PresignPut(string bucket, string key, string contentType, DateTimeOffset expiresAt) => new($"http://storage.test/{bucket}/{key}?X-Amz-Signature=put");

    public Task<string> StartMultipartUploadAsync(string bucket, string key, string contentType, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid().ToString("N");
        OpenMultipartUploads[id] = key;
        return Task.FromResult(id);
    }

    public Uri PresignPart(string bucket, string key, string uploadId, int partNumber, DateTimeOffset expiresAt) =>
        new($"http://storage.test/{bucket}/{key}?partNumber={partNumber}&uploadId={uploadId}&X-Amz-Signature=part");

    public Task CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        if (!OpenMultipartUploads.TryRemove(uploadId, out _))
        {
            throw new MultipartUploadRejectedException("NoSuchUpload");
        }

        return Task.CompletedTask;
    }

    public Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken)
    {
        OpenMultipartUploads.TryRemove(uploadId, out _);
        return Task.CompletedTask;
    }

    public Task<byte[]> ReadPrefixAsync(string bucket, string key, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryGetValue(key, out var bytes) ? bytes[..Math.Min(count, bytes.Length)] : []);

    public Task PutDocumentAsync(string bucket, string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        Objects[key] = content;
        return Task.CompletedTask;
    }

    public Task<byte[]?> GetDocumentAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult(Objects.TryGetValue(key, out var bytes) ? bytes : null);

    public Task<int> DeletePrefixAsync(string bucket, string prefix, CancellationToken cancellationToken)
    {
        var keys = Objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        foreach (var key in keys)
        {
            Objects.TryRemove(key, out _);
        }

        return Task.FromResult(keys.Count);
    }
}

/// <summary>Records sent bodies; fails the next N sends when asked.</summary>
internal sealed class RecordingQueue : Lifestream.Core.Dispatching.IDispatchQueueClient
{
    public List<string> Sent { get; } = [];

    public int FailNext { get; set; }

    public Task SendAsync(string body, CancellationToken cancellationToken)
    {
        if (FailNext > 0)
        {
            FailNext--;
            throw new IOException("injected: queue unavailable");
        }

        lock (Sent)
        {
            Sent.Add(body);
        }

        return Task.CompletedTask;
    }
}

internal sealed class RecordingClaimRemover : Lifestream.Core.Idempotency.IClaimRemover
{
    public List<string> Deleted { get; } = [];

    public Task DeleteAsync(Lifestream.Core.Idempotency.IdempotencyKey key, CancellationToken cancellationToken)
    {
        Deleted.Add(key.Value);
        return Task.CompletedTask;
    }
}
