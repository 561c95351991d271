using System.Collections.Concurrent;
using Lifestream.Core.Storage;

namespace Lifestream.Tests.Unit.Fakes;

/// <summary>
/// The unit tests' one in-memory object store (dispatcher and processor tests). Uploads are kept with their content
/// type; HeadObject and upload failures can be injected; an object can be registered by metadata alone.
/// </summary>
internal sealed class FakeObjectStore : IObjectStore
{
    private readonly ConcurrentDictionary<(string Bucket, string Key), StoredObject> objects = new();

    public int DownloadCalls { get; private set; }

    /// <summary>Makes DownloadToFileAsync write only this many bytes (a connection that broke off).</summary>
    public int? TruncateDownloadTo { get; set; }

    /// <summary>When set, downloads wait for it (or for cancellation) after signalling <see cref="DownloadEntered"/>.</summary>
    public TaskCompletionSource? DownloadGate { get; set; }

    public TaskCompletionSource DownloadEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Returns an exception to throw for an upload of that key, or null to accept it.</summary>
    public Func<string, Exception?> UploadFailure { get; set; } = _ => null;

    /// <summary>Makes every HeadAsync throw it.</summary>
    public Exception? HeadFailure { get; set; }

    public void Put(string bucket, string key, byte[] content, string etag, string contentType = "video/mp4") =>
        objects[(bucket, key)] = new StoredObject(content, etag, contentType);

    /// <summary>An object known by its metadata only (HeadObject answers with <paramref name="size"/>; its content is empty).</summary>
    public void Put(string bucket, string key, string etag, long size = 1000) =>
        objects[(bucket, key)] = new StoredObject([], etag, "video/mp4", size);

    public void Remove(string bucket, string key) => objects.TryRemove((bucket, key), out _);

    public StoredObject? Find(string bucket, string key) => objects.GetValueOrDefault((bucket, key));

    public IReadOnlyList<string> KeysUnder(string bucket, string prefix) =>
        objects.Keys.Where(k => k.Bucket == bucket && k.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(k => k.Key).Order(StringComparer.Ordinal).ToList();

    public Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (HeadFailure is not null)
        {
            throw HeadFailure;
        }

        return Task.FromResult(objects.TryGetValue((bucket, key), out var o)
            ? new ObjectMetadata(bucket, key, o.ETag, o.Size ?? o.Content.Length, o.ContentType)
            : null);
    }

    /// <summary>The (ETag, version) each download asked for: the If-Match the S3 adapter sends.</summary>
    public ConcurrentQueue<(string ETag, string? VersionId)> DownloadPreconditions { get; } = new();

    /// <summary>Runs after the HEAD-time checks and before the download serves bytes (an overwrite in between).</summary>
    public Action? BeforeDownloadServes { get; set; }

    public async Task DownloadToFileAsync(string bucket, string key, string expectedETag, string? versionId, string localPath, CancellationToken cancellationToken)
    {
        DownloadPreconditions.Enqueue((expectedETag, versionId));
        DownloadCalls++;
        DownloadEntered.TrySetResult();
        if (DownloadGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        BeforeDownloadServes?.Invoke();
        if (!objects.TryGetValue((bucket, key), out var o))
        {
            throw new ObjectNotFoundException(bucket, key);
        }

        if (o.ETag != expectedETag)
        {
            throw new SourceObjectChangedException($"If-Match {expectedETag} failed: the object now has {o.ETag}.");
        }

        var content = TruncateDownloadTo is { } n ? o.Content.AsSpan(0, n).ToArray() : o.Content;
        await File.WriteAllBytesAsync(localPath, content, cancellationToken);
    }

    public async Task UploadFileAsync(string bucket, string key, string localPath, string contentType, CancellationToken cancellationToken)
    {
        if (UploadFailure(key) is { } error)
        {
            throw error;
        }

        objects[(bucket, key)] = new StoredObject(await File.ReadAllBytesAsync(localPath, cancellationToken), "etag-upload", contentType);
    }

    public Uri GetPresignedReadUrl(string bucket, string key, string? versionId, TimeSpan validFor) =>
        new($"http://objects.invalid/{bucket}/{Uri.EscapeDataString(key)}?{(versionId is null ? string.Empty : "versionId=" + versionId + "&")}X-Amz-Signature=fake");

    internal sealed record StoredObject(byte[] Content, string ETag, string ContentType, long? Size = null);
}
