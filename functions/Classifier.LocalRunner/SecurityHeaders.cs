namespace Classifier.LocalRunner;

/// <summary>
/// The headers every page and API answer of the runner carries; web/site/staticwebapp.config.json gives the
/// deployed site the same ones. The site and the API share the runner's origin, so 'self' covers connect-src.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>No inline script or style anywhere: the pages load their scripts and styles as files.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY"; // for browsers that predate frame-ancestors
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            });
            return next(context);
        });
}
