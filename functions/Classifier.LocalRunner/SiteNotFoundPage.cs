using System.Net;

namespace Classifier.LocalRunner;

/// <summary>
/// The answer to a site path with nothing behind it (a typo in /quizz/): a short page that says so and links
/// the home page, where the browser would otherwise show its own error for an empty 404.
/// </summary>
internal static class SiteNotFoundPage
{
    public static Task WriteAsync(HttpContext context)
    {
        var path = WebUtility.HtmlEncode(context.Request.Path.Value ?? "/");
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">" +
            "<title>Page not found</title></head><body><main><h1>Page not found</h1>" +
            $"<p>There is no page at <code>{path}</code>. The site starts at <a href=\"/\">the home page</a>; " +
            "the API is under <code>/api</code>.</p></main></body></html>");
    }
}
