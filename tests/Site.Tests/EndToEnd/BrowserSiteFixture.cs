using Microsoft.Playwright;

namespace Site.Tests.EndToEnd;

/// <summary>
/// One site server (the local runner on a private Azurite: pages at "/", the API under "/api") and one headless
/// Chromium per test class (an xunit class fixture); both stop on dispose. Subclasses build the site and choose
/// the runner's model and settings in <see cref="StartServerAsync"/>.
/// </summary>
public abstract class BrowserSiteFixture : IAsyncLifetime
{
    // Debian's Chromium, driven offline: never `playwright install`.
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;
    private LocalRunnerServer? server;

    public LocalRunnerServer Server => server ?? throw new InvalidOperationException("fixture not started");

    public IBrowser Browser => browser ?? throw new InvalidOperationException("fixture not started");

    protected abstract Task<LocalRunnerServer> StartServerAsync();

    public async Task InitializeAsync()
    {
        server = await StartServerAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }
        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own localStorage) with one page that records console errors.</summary>
    public async Task<BrowserPage> NewPageAsync(int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            JavaScriptEnabled = javaScript,
        });
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }
}
