using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.S3.Transfer;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.LocalAws;

[Collection(LocalAwsCollection.Name)]
public sealed class S3EmulatorSmokeTests(LocalAwsFixture fixture)
{
    [Fact]
    public async Task Put_then_HeadObject_returns_the_content_md5_as_etag()
    {
        using var s3 = fixture.Stack.Clients.CreateS3();
        var bucket = LocalAwsFixture.UniqueName("smoke");
        await s3.PutBucketAsync(bucket);
        var body = "hello lifestream"u8.ToArray();
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "uploads/a b.mp4", InputStream = new MemoryStream(body) });

        var head = await s3.GetObjectMetadataAsync(bucket, "uploads/a b.mp4");

        Assert.Equal($"\"{Convert.ToHexStringLower(MD5.HashData(body))}\"", head.ETag);
        Assert.Equal(body.Length, head.ContentLength);
    }

    [Fact]
    public async Task Multipart_upload_round_trips_and_gets_a_multipart_etag()
    {
        using var s3 = fixture.Stack.Clients.CreateS3();
        var bucket = LocalAwsFixture.UniqueName("smoke");
        await s3.PutBucketAsync(bucket);
        var data = new byte[12 * 1024 * 1024];
        new Random(42).NextBytes(data);
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(path, data);
            using var transfer = new TransferUtility(s3, new TransferUtilityConfig { MinSizeBeforePartUpload = 5 * 1024 * 1024 });
            await transfer.UploadAsync(new TransferUtilityUploadRequest { BucketName = bucket, Key = "uploads/big.mp4", FilePath = path, PartSize = 5 * 1024 * 1024 });

            var head = await s3.GetObjectMetadataAsync(bucket, "uploads/big.mp4");
            using var got = await s3.GetObjectAsync(bucket, "uploads/big.mp4");
            using var copy = new MemoryStream();
            await got.ResponseStream.CopyToAsync(copy);

            Assert.EndsWith("-3\"", head.ETag, StringComparison.Ordinal);
            Assert.Equal(SHA256.HashData(data), SHA256.HashData(copy.ToArray()));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Missing_object_is_a_404()
    {
        using var s3 = fixture.Stack.Clients.CreateS3();
        var bucket = LocalAwsFixture.UniqueName("smoke");
        await s3.PutBucketAsync(bucket);

        var ex = await Assert.ThrowsAsync<AmazonS3Exception>(() => s3.GetObjectMetadataAsync(bucket, "uploads/none.mp4"));

        Assert.Equal(System.Net.HttpStatusCode.NotFound, ex.StatusCode);
    }
}
