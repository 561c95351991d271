using System.Net;
using Amazon.S3.Model;
using Lifestream.Aws.Persistence;
using Lifestream.Tests.Integration.Infrastructure;

namespace Lifestream.Tests.Integration.LocalAws;

/// <summary>
/// What streaming intake needs from the S3 emulator: a presigned GET (path style, plain HTTP against an
/// emulator) serves the object, with Range requests (ffmpeg seeks with them when an MP4's index is at the end).
/// fauxqs 2.4.1 does not check SigV4 at all — a tampered or expired signature is served too — so these tests
/// prove the URL's shape, routing and ranges, not AWS's signature check (that one only real S3 performs).
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class S3PresignedReadTests(LocalAwsFixture fixture)
{
    private static readonly byte[] Body = Enumerable.Range(0, 4096).Select(i => (byte)(i % 251)).ToArray();

    [Fact]
    public async Task A_presigned_get_serves_the_object_and_honours_ranges()
    {
        var url = await PresignAsync("uploads/a b.mp4");
        using var http = new HttpClient();

        var whole = await http.GetByteArrayAsync(url);
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(100, 199);
        using var partial = await http.SendAsync(range);

        Assert.Equal(Body, whole);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(Body[100..200], await partial.Content.ReadAsByteArrayAsync());
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        Assert.Equal("http", url.Scheme);
    }

    [Fact]
    public async Task The_emulator_does_not_verify_signatures_which_only_real_S3_does()
    {
        var url = await PresignAsync("uploads/unsigned.mp4");
        var tampered = new Uri(url.GetLeftPart(UriPartial.Path) + "?X-Amz-Signature=0000&X-Amz-Expires=1&X-Amz-Date=20000101T000000Z");
        using var http = new HttpClient();

        using var response = await http.GetAsync(tampered);

        // Documented emulator limitation (docs/processor.md): if this starts failing, fauxqs began checking signatures.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<Uri> PresignAsync(string key)
    {
        using var s3 = fixture.Stack.Clients.CreateS3();
        var bucket = LocalAwsFixture.UniqueName("presign");
        await s3.PutBucketAsync(bucket);
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(Body) });
        return new S3ObjectStore(s3).GetPresignedReadUrl(bucket, key, versionId: null, TimeSpan.FromMinutes(5));
    }
}
