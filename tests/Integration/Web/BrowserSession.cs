using Microsoft.Playwright;

namespace Lifestream.Tests.Integration.Web;

/// <summary>
/// Debian's chromium driven by Playwright's protocol driver (no `playwright install`: the browser is the
/// system package). Pages record console errors and page errors so a test can prove the page ran clean
/// under the Content-Security-Policy the API host sends (a violation is a console error).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly (int Width, int Height) Desktop = (1280, 900);

    public static readonly (int Width, int Height) Phone = (390, 844);

    private static readonly string[] ChromiumArgs = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly IPlaywright playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    /// <summary>Why browser tests cannot run here, or null when they can.</summary>
    public static string? Unavailable() => File.Exists(ChromiumPath)
        ? null
        : $"{ChromiumPath} is missing: install Debian's chromium (scripts/setup.sh does: apt-get install chromium).";

    public static async Task<BrowserSession> StartAsync()
    {
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
                Timeout = 60_000,
            });
            return new BrowserSession(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>A fresh context (own storage) at <paramref name="viewport"/> with its page.</summary>
    public async Task<RecordedPage> NewPageAsync((int Width, int Height) viewport)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = viewport.Width, Height = viewport.Height },
            ColorScheme = ColorScheme.Light,
            Locale = "en-GB",
            TimezoneId = "UTC",
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        return new RecordedPage(context, page);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>A page with its console errors and uncaught exceptions.</summary>
public sealed class RecordedPage : IAsyncDisposable
{
    private readonly List<string> errors = [];

    public RecordedPage(IBrowserContext context, IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"page error: {error}");
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (errors)
            {
                return [.. errors];
            }
        }
    }

    public async ValueTask DisposeAsync() => await Context.DisposeAsync();
}
