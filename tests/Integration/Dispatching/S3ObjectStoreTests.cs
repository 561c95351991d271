using System.Security.Cryptography;
using Amazon.S3.Model;
using Lifestream.Core.Storage;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.Dispatching;

/// <summary>The S3 adapter against the S3 emulator.</summary>
[Collection(LocalAwsCollection.Name)]
public sealed class S3ObjectStoreTests(LocalAwsFixture fixture) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("lifestream-s3-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public async Task Head_returns_unquoted_etag_and_size_or_null_when_missing()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var store = resources.ObjectStore();
        var key = $"uploads/{Guid.NewGuid():N}/my clip+1.mp4";
        var put = await resources.S3.PutObjectAsync(new PutObjectRequest { BucketName = resources.Bucket, Key = key, ContentBody = "twelve bytes" });

        var head = await store.HeadAsync(resources.Bucket, key, default);

        Assert.NotNull(head);
        Assert.Equal(put.ETag.Trim('"'), head.ETag);
        Assert.DoesNotContain('"', head.ETag);
        Assert.Equal(12, head.SizeBytes);
        Assert.Null(await store.HeadAsync(resources.Bucket, key + ".missing", default));
    }

    [Fact]
    public async Task Multipart_upload_then_streaming_download_and_presigned_get_return_the_same_bytes()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var store = resources.ObjectStore();
        var source = Path.Combine(scratch, "big.bin");
        var bytes = RandomNumberGenerator.GetBytes(21 * 1024 * 1024); // above TransferUtility's 16 MB multipart threshold
        await File.WriteAllBytesAsync(source, bytes);
        var key = $"results/{Guid.NewGuid():N}/big.bin";

        await store.UploadFileAsync(resources.Bucket, key, source, "application/octet-stream", default);
        var head = await store.HeadAsync(resources.Bucket, key, default);
        var target = Path.Combine(scratch, "nested", "copy.bin");
        await store.DownloadToFileAsync(resources.Bucket, key, head!.ETag, head.VersionId, target, default);
        var url = store.GetPresignedReadUrl(resources.Bucket, key, head.VersionId, TimeSpan.FromMinutes(5));
        using var http = new HttpClient();
        var viaUrl = await http.GetByteArrayAsync(url);

        Assert.Equal(bytes.LongLength, head.SizeBytes);
        Assert.Contains('-', head.ETag); // multipart ETags are "<md5>-<parts>"
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(await File.ReadAllBytesAsync(target)));
        Assert.Equal(SHA256.HashData(bytes), SHA256.HashData(viaUrl));
        Assert.Equal("http", url.Scheme);
    }

    [Fact]
    public async Task Downloading_a_missing_object_is_a_precise_error_and_leaves_no_file()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var target = Path.Combine(scratch, "missing.mp4");

        var ex = await Assert.ThrowsAsync<ObjectNotFoundException>(() =>
            resources.ObjectStore().DownloadToFileAsync(resources.Bucket, "uploads/none.mp4", "0123456789abcdef0123456789abcdef", null, target, default));

        Assert.Equal("uploads/none.mp4", ex.Key);
        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Download_of_an_object_overwritten_since_head_fails_as_source_changed_and_leaves_no_file()
    {
        var resources = await DispatchingResources.SharedAsync(fixture);
        var store = resources.ObjectStore();
        var key = $"uploads/{Guid.NewGuid():N}.mp4";
        var claimedETag = await resources.PutObjectAsync(key, "first version");
        await resources.PutObjectAsync(key, "second version, uploaded between HEAD and GET");
        var target = Path.Combine(scratch, "changed.mp4");

        await Assert.ThrowsAsync<SourceObjectChangedException>(() => store.DownloadToFileAsync(resources.Bucket, key, claimedETag, null, target, default));

        Assert.False(File.Exists(target));
    }
}
