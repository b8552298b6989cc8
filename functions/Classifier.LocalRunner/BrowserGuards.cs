using Classifier.Pipeline.Http;

namespace Classifier.LocalRunner;

/// <summary>
/// What keeps other web pages in the user's browser away from the runner, which has no keys: requests must
/// name the loopback host it binds, like ASP.NET Core's AllowedHosts (a DNS-rebinding page names its own host
/// and gets 400, for the site's files too), and a request that
/// changes state must not come from another site (403 when Sec-Fetch-Site says cross-site or Origin is foreign).
/// </summary>
internal static class BrowserGuards
{
    /// <summary>The host names that reach a listener on 127.0.0.1.</summary>
    public static readonly string[] LoopbackHosts = ["127.0.0.1", "localhost", "[::1]"];

    public static void UseBrowserGuards(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (!LoopbackHosts.Contains(request.Host.Host, StringComparer.OrdinalIgnoreCase))
                return Problems.Create(StatusCodes.Status400BadRequest,
                    "the Host header must name the runner's own loopback address (127.0.0.1 or localhost)").ExecuteAsync(context);
            if (ChangesState(request.Method) && CrossSiteReason(request) is { } why)
                return Problems.Create(StatusCodes.Status403Forbidden,
                    $"{why}: the local runner takes requests that change state only from its own pages").ExecuteAsync(context);
            return next(context);
        });

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method));

    /// <summary>Why the request looks like another site's, or null. No Origin and no Sec-Fetch-Site: not a browser page (curl, the CLI).</summary>
    internal static string? CrossSiteReason(HttpRequest request)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase))
            return "the browser marked this request cross-site";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
            return null;
        var own = $"{request.Scheme}://{request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase) ? null : $"the request comes from another origin ({origin})";
    }
}
