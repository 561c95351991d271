using System.Collections.Concurrent;
using Lifestream.Core.Storage;

namespace Lifestream.Tests.Unit.Dispatching.Fakes;

/// <summary>HeadObject answers from a dictionary; other operations are not used by the dispatcher.</summary>
internal sealed class FakeObjectStore : IObjectStore
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), ObjectMetadata> objects = new();

    public Exception? HeadFailure { get; set; }

    public void Put(string bucket, string key, string etag, long size = 1000) =>
        objects[(bucket, key)] = new ObjectMetadata(bucket, key, etag, size, "video/mp4");

    public void Remove(string bucket, string key) => objects.TryRemove((bucket, key), out _);

    public Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (HeadFailure is not null)
        {
            throw HeadFailure;
        }

        return Task.FromResult(objects.GetValueOrDefault((bucket, key)));
    }

    public Task DownloadToFileAsync(string bucket, string key, string expectedETag, string? versionId, string localPath, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task UploadFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Uri GetPresignedReadUrl(string bucket, string key, string? versionId, TimeSpan validFor) => throw new NotSupportedException();
}
