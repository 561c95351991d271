using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Lifestream.Api;
using Lifestream.Cli.Local;
using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Terraform;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;

namespace Lifestream.Tests.Integration.Web;

/// <summary>
/// The web app in Debian's chromium against the real API on Kestrel, the emulators and the local worker
/// running the real processor: upload through the page, follow the job to succeeded, read the summary and
/// seek the video from the transcript; a refused file; owners' job lists with auth on. Screenshots of every
/// page at desktop and phone width go to artifacts/screenshots.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class WebAppBrowserTests(LocalAwsFixture fixture) : IAsyncLifetime
{
    private static readonly string Meeting = Path.Combine(TestFixtures.Fixture("meeting-60s"), "meeting-60s.mp4");
    private static readonly HttpClient Storage = new() { Timeout = TimeSpan.FromSeconds(60) };

    private readonly LocalApiDeployments deployments = new(fixture.Stack, "lifestream-web");

    public static string SiteRoot => Path.Combine(TestFixtures.Root, "src", "Lifestream.Web", "dist");

    public static string ScreenshotDirectory => Path.Combine(TestFixtures.Root, "artifacts", "screenshots");

    public Task InitializeAsync() => deployments.InitializeAsync();

    public Task DisposeAsync() => deployments.DisposeAsync();

    [SkippableFact]
    public async Task A_video_uploaded_through_the_page_reaches_succeeded_and_its_transcript_seeks_the_player()
    {
        var (_, api) = await StartAsync(withWorker: true, ApiAuthMode.None);
        await using var browser = await StartBrowserAsync();
        await using var desktop = await browser.NewPageAsync(BrowserSession.Desktop);
        var page = desktop.Page;

        await page.GotoAsync(new Uri(api.Address, "#/upload").AbsoluteUri);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Upload videos" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "upload", "desktop");
        await page.SetInputFilesAsync("#file-input", Meeting);
        var row = page.Locator(".upload-row").Filter(new() { HasText = "meeting-60s.mp4" });
        await Assertions.Expect(row.GetByRole(AriaRole.Link, new() { Name = "Follow the job" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Equal("1", await row.Locator("progress").GetAttributeAsync("value"));
        Assert.Equal("queued", await row.GetAttributeAsync("data-phase"));
        await ScreenshotAsync(page, "upload-done", "desktop");

        await row.GetByRole(AriaRole.Link, new() { Name = "Follow the job" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-title")).ToHaveTextAsync("meeting-60s.mp4");
        await Assertions.Expect(page.Locator(".stage-timeline")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".job-meta .badge")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 240_000 });

        var lines = page.Locator("#transcript-lines .line-button");
        await Assertions.Expect(lines.First).ToBeVisibleAsync();
        Assert.True(await lines.CountAsync() >= 2, "the 60 s meeting has several transcript lines");
        await page.WaitForFunctionAsync("() => document.getElementById('player').readyState >= 1", null, new() { Timeout = 30_000 });
        Assert.Equal(0, await page.EvaluateAsync<double>("() => document.getElementById('player').currentTime"));
        var target = lines.Nth(await lines.CountAsync() - 1);
        var start = double.Parse((await target.GetAttributeAsync("data-start"))!, CultureInfo.InvariantCulture);
        Assert.True(start > 1, $"the last line starts well after 0 s (at {start})");
        await target.ClickAsync();
        await page.WaitForFunctionAsync("start => Math.abs(document.getElementById('player').currentTime - start) < 1.5", start);
        var position = await page.EvaluateAsync<double>("() => document.getElementById('player').currentTime");
        Assert.InRange(position, start - 0.1, start + 1.5);

        await Assertions.Expect(page.Locator("#speakers tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#summary-method")).ToContainTextAsync("No LLM summarizer is configured");
        await Assertions.Expect(page.Locator("#scenes .scene img").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#timeline-image")).ToBeVisibleAsync();
        var documents = await page.Locator("#downloads a.download").EvaluateAllAsync<string[]>("links => links.map(l => l.dataset.document)");
        Assert.Superset(new HashSet<string>(["summary.json", "summary.md", "transcript.vtt", "transcript.srt", "diarization.rttm", "timeline.png"]), new HashSet<string>(documents));
        await page.EvaluateAsync("() => document.getElementById('player').pause()");
        await ScreenshotAsync(page, "summary", "desktop");

        var jobId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        await page.GotoAsync(new Uri(api.Address, "#/jobs").AbsoluteUri);
        await Assertions.Expect(page.Locator($"#jobs-table tr[data-job-id='{jobId}'] .badge")).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show older jobs" })).ToBeHiddenAsync();
        await ScreenshotAsync(page, "jobs", "desktop");

        await using var phone = await browser.NewPageAsync(BrowserSession.Phone);
        foreach (var (route, name) in new[] { ("#/upload", "upload"), ("#/jobs", "jobs"), ($"#/jobs/{jobId}", "summary") })
        {
            await phone.Page.GotoAsync(new Uri(api.Address, route).AbsoluteUri);
            await Assertions.Expect(phone.Page.Locator("main h1")).ToBeVisibleAsync();
            if (name == "summary")
            {
                await Assertions.Expect(phone.Page.Locator("#transcript-lines .line-button").First).ToBeVisibleAsync();
                await Assertions.Expect(phone.Page.Locator("#timeline-image")).ToBeVisibleAsync();
            }
            else if (name == "jobs")
            {
                await Assertions.Expect(phone.Page.Locator($"#jobs-table tr[data-job-id='{jobId}']")).ToBeVisibleAsync();
            }

            var overflow = await phone.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{name} scrolls sideways by {overflow} px at phone width");
            await ScreenshotAsync(phone.Page, name, "phone");
        }

        Assert.Empty(desktop.Errors);
        Assert.Empty(phone.Errors);
    }

    [SkippableFact]
    public async Task A_video_without_speech_says_why_its_transcript_speakers_and_action_items_are_empty()
    {
        var silent = Path.Combine(deployments.WorkDir, "silent-shots.mp4");
        Directory.CreateDirectory(deployments.WorkDir);
        await SilentVideoAsync(silent);
        var (_, api) = await StartAsync(withWorker: true, ApiAuthMode.None);
        await using var browser = await StartBrowserAsync();
        await using var recorded = await browser.NewPageAsync(BrowserSession.Desktop);
        var page = recorded.Page;

        await page.GotoAsync(new Uri(api.Address, "#/upload").AbsoluteUri);
        await page.SetInputFilesAsync("#file-input", silent);
        await page.GetByRole(AriaRole.Link, new() { Name = "Follow the job" }).ClickAsync(new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator(".job-meta .badge")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 180_000 });

        await Assertions.Expect(page.Locator("#transcript-empty")).ToHaveTextAsync("No speech was recognised in this video, so there is no transcript.");
        await Assertions.Expect(page.Locator("#speakers .empty")).ToContainTextAsync("No speech was found");
        await Assertions.Expect(page.Locator("#action-items .empty")).ToContainTextAsync("Without a transcript");
        await Assertions.Expect(page.Locator("#overview .empty")).ToContainTextAsync("nothing to summarise");
        await Assertions.Expect(page.Locator("#summary-method")).ToContainTextAsync("No LLM summarizer is configured");
        await Assertions.Expect(page.Locator("#scenes .scene")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#downloads a[data-document='summary.json']")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "summary-no-speech", "desktop");
        Assert.Empty(recorded.Errors);
    }

    [SkippableFact]
    public async Task A_file_of_the_wrong_type_dropped_on_the_page_shows_the_APIs_reason_and_creates_no_job()
    {
        var (deployment, api) = await StartAsync(withWorker: false, ApiAuthMode.None);
        await using var browser = await StartBrowserAsync();
        await using var recorded = await browser.NewPageAsync(BrowserSession.Desktop);
        var page = recorded.Page;
        await page.GotoAsync(new Uri(api.Address, "#/upload").AbsoluteUri);

        // A real drop: a DataTransfer holding a file, dispatched on the drop zone.
        var transfer = await page.EvaluateHandleAsync("() => { const t = new DataTransfer(); t.items.add(new File(['not a video'], 'notes.pdf', { type: 'application/pdf' })); return t; }");
        await page.DispatchEventAsync("#drop-zone", "drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });

        var row = page.Locator(".upload-row").Filter(new() { HasText = "notes.pdf" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-phase", "failed");
        Assert.Equal("unsupported-file-type", await row.GetAttributeAsync("data-problem"));
        var error = row.GetByRole(AriaRole.Alert);
        await Assertions.Expect(error).ToContainTextAsync(".mp4");
        await Assertions.Expect(error).ToContainTextAsync(".mov");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "Retry" })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "upload-rejected", "desktop");

        var listed = JsonNode.Parse(await api.Client.GetStringAsync("/api/v1/jobs"))!["jobs"]!.AsArray();
        Assert.Empty(listed);
        Assert.DoesNotContain(recorded.Errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal) || e.StartsWith("page error", StringComparison.Ordinal));
        Assert.NotNull(deployment);
    }

    [SkippableFact]
    public async Task With_auth_on_the_page_asks_for_sign_in_and_lists_only_the_callers_jobs()
    {
        using var issuer = new TestTokenIssuer();
        var (_, api) = await StartAsync(withWorker: true, ApiAuthMode.Jwt, issuer);
        var alice = issuer.Token("alice");
        var bob = issuer.Token("bob");
        var aliceJob = await SubmitAsync(api, alice, "alice-standup.mp4", Meeting);
        var bobJob = await SubmitAsync(api, bob, "bob-retro.mp4", Path.Combine(TestFixtures.Fixture("interview-20s"), "interview-20s.mp4"));

        await using var browser = await StartBrowserAsync();
        await using var recorded = await browser.NewPageAsync(BrowserSession.Desktop);
        var page = recorded.Page;
        await page.GotoAsync(new Uri(api.Address, "#/jobs").AbsoluteUri);
        await Assertions.Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#jobs-table tbody tr")).ToHaveCountAsync(0);

        // A token handed over in the fragment (as an OAuth sign-in redirect does) is taken and removed from the address.
        await page.GotoAsync(new Uri(api.Address, $"#access_token={alice}").AbsoluteUri);
        await Assertions.Expect(page.Locator($"#jobs-table tr[data-job-id='{aliceJob}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#jobs-table tbody tr")).ToHaveCountAsync(1);
        Assert.DoesNotContain("access_token", page.Url, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator($"tr[data-job-id='{bobJob}']")).ToHaveCountAsync(0);

        // Alice's finished job: the player and the pictures get their presigned URLs through fetches carrying her token.
        await page.GotoAsync(new Uri(api.Address, $"#/jobs/{aliceJob}").AbsoluteUri);
        await Assertions.Expect(page.Locator(".job-meta .badge")).ToHaveAttributeAsync("data-status", "succeeded", new() { Timeout = 240_000 });
        await page.WaitForFunctionAsync("() => document.getElementById('player').readyState >= 1", null, new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("#timeline-image")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#scenes .scene img").First).ToBeVisibleAsync();

        // Bob's job is not reachable by its address either.
        await page.GotoAsync(new Uri(api.Address, $"#/jobs/{bobJob}").AbsoluteUri);
        await Assertions.Expect(page.Locator("main .error")).ToContainTextAsync("No such job");

        // Signing in by pasting a token shows that caller's jobs only.
        await page.GotoAsync(new Uri(api.Address, "#/jobs").AbsoluteUri);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.EvaluateAsync("() => sessionStorage.clear()");
        await page.ReloadAsync();
        await page.FillAsync("#token", bob);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator($"#jobs-table tr[data-job-id='{bobJob}']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#jobs-table tbody tr")).ToHaveCountAsync(1);
        Assert.DoesNotContain(recorded.Errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal) || e.StartsWith("page error", StringComparison.Ordinal));
    }

    private static async Task<BrowserSession> StartBrowserAsync()
    {
        var unavailable = BrowserSession.Unavailable();
        Skip.If(unavailable is not null, unavailable);
        return await BrowserSession.StartAsync();
    }

    private static async Task ScreenshotAsync(IPage page, string name, string width)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}-{width}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    /// <summary>Two shots with a hard cut and a silent audio track: a video in which nobody speaks.</summary>
    private static async Task SilentVideoAsync(string path)
    {
        var ffmpeg = new System.Diagnostics.ProcessStartInfo("ffmpeg")
        {
            ArgumentList =
            {
                "-v", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=3",
                "-f", "lavfi", "-i", "smptebars=size=320x180:rate=25:duration=3",
                "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono",
                "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]",
                "-map", "[v]", "-map", "2:a", "-t", "6",
                "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", path,
            },
            RedirectStandardError = true,
        };
        using var process = System.Diagnostics.Process.Start(ffmpeg)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"ffmpeg could not make the silent fixture: {error}");
    }

    /// <summary>Reserve, PUT and confirm a job for the token's owner over HTTP.</summary>
    private static async Task<string> SubmitAsync(ApiTestHost api, string token, string name, string path)
    {
        var video = await File.ReadAllBytesAsync(path);
        using var reserve = new HttpRequestMessage(HttpMethod.Post, "/api/v1/uploads") { Content = JsonContent.Create(new { filename = name, size = video.Length, content_type = "video/mp4" }) };
        reserve.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ticket = JsonNode.Parse(await (await api.Client.SendAsync(reserve)).EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        using (var put = new HttpRequestMessage(HttpMethod.Put, ticket["upload"]!["url"]!.GetValue<string>()) { Content = new ByteArrayContent(video) })
        {
            put.Content.Headers.ContentType = new MediaTypeHeaderValue("video/mp4");
            (await Storage.SendAsync(put)).EnsureSuccessStatusCode();
        }

        using var confirm = new HttpRequestMessage(HttpMethod.Post, ticket["confirm_url"]!.GetValue<string>());
        confirm.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await api.Client.SendAsync(confirm)).EnsureSuccessStatusCode();
        return ticket["job_id"]!.GetValue<string>();
    }

    private Task<(LocalDeployment Deployment, ApiTestHost Api)> StartAsync(bool withWorker, ApiAuthMode auth, TestTokenIssuer? issuer = null)
    {
        Assert.True(File.Exists(Path.Combine(SiteRoot, "index.html")), $"The web app is not built ({SiteRoot}): run ./build.sh --target=Build (or npm run build in src/Lifestream.Web).");
        return deployments.StartAsync(withWorker, deployment => LocalApi.Settings(deployment, auth, SiteRoot) with
        {
            JwtIssuer = issuer is null ? null : TestTokenIssuer.Issuer,
            JwtAudience = issuer is null ? null : TestTokenIssuer.Audience,
            JwtSigningKeysFile = issuer?.JwksFile,
        });
    }
}
