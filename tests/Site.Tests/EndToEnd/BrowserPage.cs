using Microsoft.Playwright;

namespace Site.Tests.EndToEnd;

/// <summary>A page in its own context; collects console errors and page crashes while it lives.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly IBrowserContext context;
    private readonly List<string> errors = [];

    public BrowserPage(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        // The real API is always behind the site, so every console error counts.
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"{message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => errors.Add($"uncaught: {error}");
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors => errors;

    public async ValueTask DisposeAsync() => await context.CloseAsync();
}
