using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lifestream.Api;
using Lifestream.Cli.Local;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.Api;

/// <summary>
/// The upload API on Kestrel against the emulators: real presigned PUTs and multipart parts through fauxqs,
/// confirm → the local queue worker → the real processor → succeeded → the summary through its presigned redirect.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class UploadApiFlowTests(LocalAwsFixture fixture) : IAsyncLifetime
{
    private const long MiB = 1024 * 1024;

    private static readonly string Interview = Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4");

    private static readonly HttpClient StorageClient = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly LocalApiDeployments deployments = new(fixture.Stack, "lifestream-api");

    public Task InitializeAsync() => deployments.InitializeAsync();

    public Task DisposeAsync() => deployments.DisposeAsync();

    [Fact]
    public async Task A_presigned_put_upload_is_confirmed_processed_and_its_summary_fetched_then_deleted()
    {
        var (deployment, api) = await StartAsync(withWorker: true);
        var video = await File.ReadAllBytesAsync(Interview);

        var ticket = await CreateUploadAsync(api, "Interview 20s.mp4", video.Length);
        Assert.Equal("PUT", ticket["upload"]!["method"]!.GetValue<string>());
        using (var put = new HttpRequestMessage(HttpMethod.Put, ticket["upload"]!["url"]!.GetValue<string>()) { Content = new ByteArrayContent(video) })
        {
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            Assert.True((await StorageClient.SendAsync(put)).IsSuccessStatusCode);
        }

        var jobId = ticket["job_id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Accepted, (await api.Client.PostAsync(ticket["confirm_url"]!.GetValue<string>(), null)).StatusCode);
        var job = await WaitForTerminalAsync(api, jobId, TimeSpan.FromMinutes(4));

        Assert.Equal("succeeded", job["status"]!.GetValue<string>());
        Assert.Equal(1.0, job["progress"]!.GetValue<double>());
        Assert.True(job["attempts"]!.GetValue<int>() >= 1);
        Assert.NotEmpty(job["timings"]!.AsObject());
        var summaryRedirect = await api.Client.GetAsync($"/api/v1/jobs/{jobId}/summary?format=json");
        Assert.Equal(HttpStatusCode.Redirect, summaryRedirect.StatusCode);
        var summary = JsonNode.Parse(await StorageClient.GetStringAsync(summaryRedirect.Headers.Location))!;
        Assert.NotNull(summary.AsObject());
        var markdown = await api.Client.GetAsync($"/api/v1/jobs/{jobId}/summary?format=md");
        Assert.False(string.IsNullOrWhiteSpace(await StorageClient.GetStringAsync(markdown.Headers.Location)));
        var vtt = await api.Client.GetAsync($"/api/v1/jobs/{jobId}/documents/vtt");
        Assert.StartsWith("WEBVTT", await StorageClient.GetStringAsync(vtt.Headers.Location), StringComparison.Ordinal);
        var videoRedirect = await api.Client.GetAsync($"/api/v1/jobs/{jobId}/video");
        Assert.Equal(video.Length, (await StorageClient.GetByteArrayAsync(videoRedirect.Headers.Location)).Length);
        var listed = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/jobs"))!["jobs"]!.AsArray();
        Assert.Contains(listed, j => j!["job_id"]!.GetValue<string>() == jobId);

        var record = (await deployment.Jobs.GetAsync(jobId, CancellationToken.None))!;
        Assert.Equal(ApiSettings.LocalOwner, record.Owner);
        Assert.NotNull(await deployment.Claims.GetAsync(new Lifestream.Core.Idempotency.IdempotencyKey(record.S3Key, record.ETag!), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.DeleteAsync($"/api/v1/jobs/{jobId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Client.GetAsync($"/api/v1/jobs/{jobId}")).StatusCode);
        var left = await deployment.S3.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = deployment.Resources.VideosBucket.Name });
        Assert.DoesNotContain(left.S3Objects ?? [], o => o.Key.Contains(jobId, StringComparison.Ordinal));
        Assert.Null(await deployment.Claims.GetAsync(new Lifestream.Core.Idempotency.IdempotencyKey(record.S3Key, record.ETag!), CancellationToken.None));
        AssertNoSecretsLogged(api);
    }

    [Fact]
    public async Task A_multipart_upload_through_presigned_part_urls_is_completed_and_confirmed()
    {
        var (deployment, api) = await StartAsync(withWorker: false, multipartThreshold: 5 * MiB);
        var video = (await File.ReadAllBytesAsync(Interview)).Concat(new byte[(11 * MiB) - new FileInfo(Interview).Length]).ToArray();

        var ticket = await CreateUploadAsync(api, "long.mp4", video.Length);
        var upload = ticket["upload"]!;
        Assert.Equal("multipart", upload["method"]!.GetValue<string>());
        var jobId = ticket["job_id"]!.GetValue<string>();
        await AssertProblemAsync(await api.Client.PostAsync($"/api/v1/uploads/{jobId}/confirm", null), 409, "upload-missing");

        var parts = new JsonArray();
        long offset = 0;
        foreach (var part in upload["parts"]!.AsArray())
        {
            var size = part!["size"]!.GetValue<long>();
            using var put = new HttpRequestMessage(HttpMethod.Put, part["url"]!.GetValue<string>()) { Content = new ByteArrayContent(video, (int)offset, (int)size) };
            var response = await StorageClient.SendAsync(put);
            Assert.True(response.IsSuccessStatusCode, $"part {part["part_number"]} PUT: {(int)response.StatusCode}");
            parts.Add(new JsonObject { ["part_number"] = part["part_number"]!.GetValue<int>(), ["etag"] = response.Headers.ETag!.Tag });
            offset += size;
        }

        Assert.Equal(video.Length, offset);
        var complete = await api.Client.PostAsJsonAsync(upload["complete_url"]!.GetValue<string>(), new JsonObject { ["parts"] = parts });
        Assert.Equal(HttpStatusCode.NoContent, complete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.PostAsJsonAsync(upload["complete_url"]!.GetValue<string>(), new JsonObject { ["parts"] = parts.DeepClone() })).StatusCode);

        Assert.Equal(HttpStatusCode.Accepted, (await api.Client.PostAsync(ticket["confirm_url"]!.GetValue<string>(), null)).StatusCode);
        var head = await deployment.S3.GetObjectMetadataAsync(deployment.Resources.VideosBucket.Name, ticket["s3_key"]!.GetValue<string>());
        Assert.Equal(video.Length, head.ContentLength);
        var job = (await deployment.Jobs.GetAsync(jobId, CancellationToken.None))!;
        Assert.Equal(ApiSettings.LocalOwner, job.Owner);
        Assert.Equal(Lifestream.Core.Jobs.JobStatus.Queued, job.Status);
        AssertNoSecretsLogged(api);
    }

    [Fact]
    public async Task Bad_input_against_the_emulators_is_refused_with_problems_and_leaves_no_job()
    {
        var (deployment, api) = await StartAsync(withWorker: false);
        var video = await File.ReadAllBytesAsync(Interview);

        await AssertProblemAsync(await api.Client.PostAsJsonAsync("/api/v1/uploads", new { filename = "notes.pdf", size = 1000, content_type = "application/pdf" }), 422, "unsupported-file-type");
        await AssertProblemAsync(await api.Client.PostAsJsonAsync("/api/v1/uploads", new { filename = "huge.mp4", size = 20L * 1024 * MiB, content_type = "video/mp4" }), 422, "upload-too-large");

        var missing = await CreateUploadAsync(api, "never-uploaded.mp4", video.Length);
        await AssertProblemAsync(await api.Client.PostAsync(missing["confirm_url"]!.GetValue<string>(), null), 409, "upload-missing");

        var shortUpload = await CreateUploadAsync(api, "short.mp4", video.Length);
        await PutAsync(shortUpload, video[..1000]);
        await AssertProblemAsync(await api.Client.PostAsync(shortUpload["confirm_url"]!.GetValue<string>(), null), 422, "upload-size-mismatch");

        var text = new byte[4096];
        Array.Fill(text, (byte)'x');
        var notVideo = await CreateUploadAsync(api, "renamed.mp4", text.Length);
        await PutAsync(notVideo, text);
        await AssertProblemAsync(await api.Client.PostAsync(notVideo["confirm_url"]!.GetValue<string>(), null), 422, "not-a-video");

        var good = await CreateUploadAsync(api, "good.mp4", video.Length);
        await PutAsync(good, video);
        var goodId = good["job_id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Accepted, (await api.Client.PostAsync(good["confirm_url"]!.GetValue<string>(), null)).StatusCode);
        var replay = await api.Client.PostAsync(good["confirm_url"]!.GetValue<string>(), null);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(goodId, JsonNode.Parse(await replay.Content.ReadAsStringAsync())!["job_id"]!.GetValue<string>());

        var tampered = goodId[..^4] + (goodId[^4..] == "ffff" ? "0000" : "ffff");
        await AssertProblemAsync(await api.Client.GetAsync($"/api/v1/jobs/{tampered}"), 404, "job-not-found");
        await AssertProblemAsync(await api.Client.PostAsync($"/api/v1/uploads/{tampered}/confirm", null), 404, "job-not-found");
        await AssertProblemAsync(await api.Client.GetAsync("/api/v1/jobs/not-a-job-id"), 404, "job-not-found");

        foreach (var refused in new[] { missing, shortUpload, notVideo })
        {
            Assert.Null(await deployment.Jobs.GetAsync(refused["job_id"]!.GetValue<string>(), CancellationToken.None));
        }

        var listed = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/jobs"))!["jobs"]!.AsArray();
        Assert.Equal([goodId], listed.Select(j => j!["job_id"]!.GetValue<string>()));
        AssertNoSecretsLogged(api);
    }

    private Task<(LocalDeployment Deployment, ApiTestHost Api)> StartAsync(bool withWorker, long? multipartThreshold = null) =>
        deployments.StartAsync(withWorker, deployment => LocalApi.Settings(deployment, ApiAuthMode.None) with
        {
            Uploads = LocalApi.Settings(deployment, ApiAuthMode.None).Uploads with
            {
                MultipartThresholdBytes = multipartThreshold ?? 100 * MiB,
                PartSizeBytes = multipartThreshold ?? 64 * MiB,
            },
        });

    private static async Task PutAsync(JsonNode ticket, byte[] content)
    {
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket["upload"]!["url"]!.GetValue<string>()) { Content = new ByteArrayContent(content) };
        put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
        Assert.True((await StorageClient.SendAsync(put)).IsSuccessStatusCode);
    }

    private static async Task<JsonNode> CreateUploadAsync(ApiTestHost api, string name, long size)
    {
        var response = await api.Client.PostAsJsonAsync("/api/v1/uploads", new { filename = name, size, content_type = "video/mp4" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<JsonNode> WaitForTerminalAsync(ApiTestHost api, string jobId, TimeSpan patience)
    {
        var until = DateTime.UtcNow + patience;
        JsonNode? last = null;
        EntityTagHeaderValue? etag = null;
        while (DateTime.UtcNow < until)
        {
            using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{jobId}");
            if (etag is not null)
            {
                poll.Headers.IfNoneMatch.Add(etag);
            }

            var response = await api.Client.SendAsync(poll);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                etag = response.Headers.ETag;
                last = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (last["terminal"]!.GetValue<bool>())
                {
                    return last;
                }
            }
            else
            {
                Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Job {jobId} did not finish within {patience}; last seen: {last?.ToJsonString()}");
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(ApiProblems.TypePrefix + type, JsonNode.Parse(text)!["type"]!.GetValue<string>());
        Assert.DoesNotContain("X-Amz-", text, StringComparison.OrdinalIgnoreCase);
    }

    private static void AssertNoSecretsLogged(ApiTestHost api) =>
        Assert.DoesNotContain(api.Logs, line => line.Contains("X-Amz-Signature", StringComparison.OrdinalIgnoreCase) || line.Contains("lifestreamlocal", StringComparison.Ordinal));
}
