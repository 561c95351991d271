using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Lifestream.Api;
using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;
using Lifestream.Tests.Unit.Core.Uploads;

namespace Lifestream.Tests.Unit.Api;

/// <summary>The HTTP surface on real Kestrel over in-memory ports: problem details, limits, auth and ownership, ETags, OpenAPI.</summary>
public sealed class ApiHostTests : IDisposable
{
    private static readonly byte[] Mp4Head = [0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'m', (byte)'p', (byte)'4', (byte)'2', 0, 0, 0, 0];

    private readonly InMemoryUploadStorage storage = new();
    private readonly InMemoryJobStore jobs = new();
    private readonly RecordingQueue queue = new();
    private readonly TestTokenIssuer issuer = new();

    public void Dispose() => issuer.Dispose();

    [Fact]
    public async Task Failures_are_problem_details_with_stable_types_and_no_secrets()
    {
        await using var host = await StartAsync(ApiAuthMode.None);

        await AssertProblemAsync(await host.Client.PostAsJsonAsync("/api/v1/uploads", new { filename = "a.avi", size = 100, content_type = "video/mp4" }), 422, "unsupported-file-type");
        await AssertProblemAsync(await host.Client.PostAsJsonAsync("/api/v1/uploads", new { filename = "a.mp4", size = 1L << 40, content_type = "video/mp4" }), 422, "upload-too-large");
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/uploads", new StringContent("{\"filename\": ", Encoding.UTF8, "application/json")), 400, "invalid-request");
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/uploads", new StringContent("{}", Encoding.UTF8, "text/plain")), 415, "unsupported-media-type");
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/uploads", new StringContent(new string(' ', 100_000) + "{}", Encoding.UTF8, "application/json")), 413, "request-too-large");
        await AssertProblemAsync(await host.Client.GetAsync("/api/v1/jobs/0123456789abcdef0123456789abcdef"), 404, "job-not-found");
        await AssertProblemAsync(await host.Client.GetAsync("/api/v1/jobs/..%2F..%2Fetc"), 404, "job-not-found");
        await AssertProblemAsync(await host.Client.GetAsync("/api/v1/jobs?cursor=garbage"), 400, "invalid-cursor");
        await AssertProblemAsync(await host.Client.GetAsync("/api/v1/nothing-here"), 404, "not-found");
        await AssertProblemAsync(await host.Client.PostAsync("/api/v1/uploads/0123456789abcdef0123456789abcdef/confirm", null), 404, "job-not-found");

        Assert.DoesNotContain(host.Logs, line => line.Contains("X-Amz-Signature", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_upload_flow_over_http_ends_in_a_queued_job_with_an_etag_for_polling()
    {
        await using var host = await StartAsync(ApiAuthMode.None);

        var created = await host.Client.PostAsJsonAsync("/api/v1/uploads", new { filename = "Team Sync.mp4", size = 64, content_type = "video/mp4" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var ticket = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var jobId = ticket["job_id"]!.GetValue<string>();
        Assert.Equal("PUT", ticket["upload"]!["method"]!.GetValue<string>());
        Assert.Equal("video/mp4", ticket["upload"]!["headers"]!["Content-Type"]!.GetValue<string>());
        Assert.Equal($"uploads/{jobId}/Team-Sync.mp4", ticket["s3_key"]!.GetValue<string>());
        storage.Put(ticket["s3_key"]!.GetValue<string>(), [.. Mp4Head, .. new byte[48]]);

        var confirmed = await host.Client.PostAsync(ticket["confirm_url"]!.GetValue<string>(), null);
        var replayed = await host.Client.PostAsync(ticket["confirm_url"]!.GetValue<string>(), null);
        Assert.Equal(HttpStatusCode.Accepted, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal($"/api/v1/jobs/{jobId}", confirmed.Headers.Location!.OriginalString);

        var status = await host.Client.GetAsync($"/api/v1/jobs/{jobId}");
        var body = JsonNode.Parse(await status.Content.ReadAsStringAsync())!;
        Assert.Equal("queued", body["status"]!.GetValue<string>());
        Assert.Equal(0.0, body["progress"]!.GetValue<double>());
        var etag = status.Headers.ETag!;
        using var poll = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{jobId}");
        poll.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await host.Client.SendAsync(poll)).StatusCode);

        Assert.True((await jobs.TryMarkRunningAsync(jobId, 1, "asr", default)).Applied);
        using var poll2 = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/jobs/{jobId}");
        poll2.Headers.IfNoneMatch.Add(etag);
        var changed = await host.Client.SendAsync(poll2);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);

        var list = JsonNode.Parse(await host.Client.GetStringAsync("/api/v1/jobs?limit=10"))!;
        Assert.Equal(jobId, list["jobs"]![0]!["job_id"]!.GetValue<string>());
        await AssertProblemAsync(await host.Client.DeleteAsync($"/api/v1/jobs/{jobId}"), 409, "job-active");
        await AssertProblemAsync(await host.Client.GetAsync($"/api/v1/jobs/{jobId}/summary?format=json"), 409, "results-not-ready");
        await AssertProblemAsync(await host.Client.GetAsync($"/api/v1/jobs/{jobId}/summary?format=pdf"), 400, "invalid-request");
    }

    [Fact]
    public async Task Results_are_short_lived_redirects_and_the_problem_bodies_never_hold_one()
    {
        await using var host = await StartAsync(ApiAuthMode.None);
        var jobId = UploadNaming.NewJobId();
        var prefix = $"results/{jobId}/";
        var now = DateTimeOffset.UtcNow;
        await jobs.TryCreateAsync(new JobRecord
        {
            JobId = jobId, S3Bucket = "videos", S3Key = $"uploads/{jobId}/a.mp4", Owner = ApiSettings.LocalOwner, Status = JobStatus.Succeeded,
            ResultKeys = [prefix + "summary.json", prefix + "summary.md", prefix + "keyframes/scene-001.jpg"], CreatedAt = now, UpdatedAt = now,
        }, default);

        var summary = await host.Client.GetAsync($"/api/v1/jobs/{jobId}/summary?format=md");
        Assert.Equal(HttpStatusCode.Redirect, summary.StatusCode);
        Assert.Contains($"/{prefix}summary.md?", summary.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("no-store", summary.Headers.CacheControl!.ToString());
        var keyframes = JsonNode.Parse(await host.Client.GetStringAsync($"/api/v1/jobs/{jobId}/documents/keyframes"))!;
        Assert.Equal($"/api/v1/jobs/{jobId}/documents/keyframes/scene-001.jpg", keyframes["keyframes"]!["keyframes/scene-001.jpg"]!.GetValue<string>());
        var frame = await host.Client.GetAsync($"/api/v1/jobs/{jobId}/documents/keyframes/scene-001.jpg");
        Assert.Equal(HttpStatusCode.Redirect, frame.StatusCode);
        var missing = await host.Client.GetAsync($"/api/v1/jobs/{jobId}/documents/vtt");
        await AssertProblemAsync(missing, 404, "document-not-found");
        var job = JsonNode.Parse(await host.Client.GetStringAsync($"/api/v1/jobs/{jobId}"))!;
        Assert.Equal($"/api/v1/jobs/{jobId}/summary?format=json", job["links"]!["summary_json"]!.GetValue<string>());

        await host.Client.DeleteAsync($"/api/v1/jobs/{jobId}");
        await AssertProblemAsync(await host.Client.GetAsync($"/api/v1/jobs/{jobId}"), 404, "job-not-found");
    }

    [Fact]
    public async Task With_auth_on_tokens_are_required_and_each_owner_sees_only_its_jobs()
    {
        await using var host = await StartAsync(ApiAuthMode.Jwt);
        var alice = issuer.Token("alice");
        var bob = issuer.Token("bob");

        var anonymous = await host.Client.GetAsync("/api/v1/jobs");
        await AssertProblemAsync(anonymous, 401, "unauthorized");
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().Scheme);
        using var otherKey = System.Security.Cryptography.RSA.Create(2048);
        foreach (var bad in new[]
        {
            issuer.Token("alice", audience: "someone-else"),
            issuer.Token("alice", issuer: "https://evil.test/"),
            issuer.Token("alice", lifetime: TimeSpan.FromMinutes(-10)),
            issuer.Token("alice", signWith: new Microsoft.IdentityModel.Tokens.RsaSecurityKey(otherKey) { KeyId = "test-key" }),
            "not-a-jwt",
        })
        {
            await AssertProblemAsync(await SendAsync(host, HttpMethod.Get, "/api/v1/jobs", bad), 401, "unauthorized");
        }

        var ticket = JsonNode.Parse(await (await SendAsync(host, HttpMethod.Post, "/api/v1/uploads", alice, new { filename = "a.mp4", size = 64, content_type = "video/mp4" })).Content.ReadAsStringAsync())!;
        var jobId = ticket["job_id"]!.GetValue<string>();
        storage.Put(ticket["s3_key"]!.GetValue<string>(), [.. Mp4Head, .. new byte[48]]);
        await AssertProblemAsync(await SendAsync(host, HttpMethod.Post, $"/api/v1/uploads/{jobId}/confirm", bob), 404, "job-not-found");
        Assert.Equal(HttpStatusCode.Accepted, (await SendAsync(host, HttpMethod.Post, $"/api/v1/uploads/{jobId}/confirm", alice)).StatusCode);
        Assert.True((await jobs.TryGiveUpAsync(jobId, "test: the job ends", default)).Applied);

        await AssertProblemAsync(await SendAsync(host, HttpMethod.Get, $"/api/v1/jobs/{jobId}", bob), 404, "job-not-found");
        await AssertProblemAsync(await SendAsync(host, HttpMethod.Get, $"/api/v1/jobs/{jobId}/video", bob), 404, "job-not-found");
        await AssertProblemAsync(await SendAsync(host, HttpMethod.Delete, $"/api/v1/jobs/{jobId}", bob), 404, "job-not-found");
        Assert.Empty(JsonNode.Parse(await (await SendAsync(host, HttpMethod.Get, "/api/v1/jobs", bob)).Content.ReadAsStringAsync())!["jobs"]!.AsArray());
        Assert.Single(JsonNode.Parse(await (await SendAsync(host, HttpMethod.Get, "/api/v1/jobs", alice)).Content.ReadAsStringAsync())!["jobs"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(host, HttpMethod.Delete, $"/api/v1/jobs/{jobId}", alice)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Cors_admits_only_the_configured_site_origin()
    {
        await using var host = await StartAsync(ApiAuthMode.None, cors: ["https://app.example"]);

        foreach (var (origin, allowed) in new[] { ("https://app.example", true), ("https://evil.example", false) })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/uploads");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
            var response = await host.Client.SendAsync(preflight);
            Assert.Equal(allowed, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) && values.Single() == origin);
        }
    }

    [Fact]
    public async Task The_served_openapi_document_matches_the_checked_in_copy()
    {
        await using var host = await StartAsync(ApiAuthMode.None);
        var served = JsonNode.Parse(await host.Client.GetStringAsync("/openapi/v1.json"))!;
        var path = Path.Combine(TestFixtures.Root, "docs", "api", "openapi.json");
        if (Environment.GetEnvironmentVariable("LIFESTREAM_UPDATE_OPENAPI") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, served.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");
        }

        Assert.True(File.Exists(path), $"{path} is missing: run the unit tests once with LIFESTREAM_UPDATE_OPENAPI=1 and commit it.");
        var statuses = served["components"]?["schemas"]?["JobResponse"]?["properties"]?["status"]?["enum"]?.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(Enum.GetValues<Lifestream.Core.Jobs.JobStatus>().Select(s => Lifestream.Core.Jobs.JobStatusExtensions.ToWire(s)), statuses);
        Assert.Contains("rejected", statuses!);
        var checkedIn = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        Assert.True(
            JsonNode.DeepEquals(checkedIn, served),
            "The API's OpenAPI document changed: rerun this test with LIFESTREAM_UPDATE_OPENAPI=1, review the diff of docs/api/openapi.json and commit it.");
        foreach (var route in new[] { "/api/v1/uploads", "/api/v1/uploads/{job_id}/confirm", "/api/v1/uploads/{job_id}/complete", "/api/v1/jobs", "/api/v1/jobs/{job_id}", "/api/v1/jobs/{job_id}/summary" })
        {
            Assert.NotNull(served["paths"]![route]);
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(ApiTestHost host, HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await host.Client.SendAsync(request);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string type)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!;
        Assert.Equal(ApiProblems.TypePrefix + type, problem["type"]!.GetValue<string>());
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.DoesNotContain("X-Amz-", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
    }

    private Task<ApiTestHost> StartAsync(ApiAuthMode auth, IReadOnlyList<string>? cors = null) =>
        ApiTestHost.StartAsync(
            new ApiSettings
            {
                Uploads = new UploadApiOptions { VideosBucket = "videos" },
                JobsTableName = "jobs",
                IdempotencyTableName = "claims",
                UploadsQueueUrl = "http://queue.test/uploads",
                Auth = auth,
                JwtIssuer = TestTokenIssuer.Issuer,
                JwtAudience = TestTokenIssuer.Audience,
                JwtSigningKeysFile = issuer.JwksFile,
                CorsOrigins = cors ?? [],
            },
            new ApiPorts { Objects = storage, Storage = storage, Jobs = jobs, Catalog = jobs, Claims = new RecordingClaimRemover(), Queue = queue });
}
