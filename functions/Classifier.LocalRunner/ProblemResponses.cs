using Classifier.Pipeline.Http;

namespace Classifier.LocalRunner;

/// <summary>Errors the handlers never see, in the same problem+json as theirs: unknown paths, wrong methods, Kestrel's refusals;
/// a site path with nothing behind it gets a page that says so.</summary>
internal static class ProblemResponses
{
    /// <summary>Unknown API paths, wrong methods and Kestrel's own refusals still answer in problem+json.</summary>
    public static void UseProblemResponses(this IApplicationBuilder app)
    {
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                // Kestrel's limits (a body over MaxRequestBodySize, a broken chunked body) land here.
                await Problems.RefusedByServer(e, context.TraceIdentifier).ExecuteAsync(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                context.RequestServices.GetRequiredService<ILogger<ApiHandlers>>()
                    .LogError(e, "Request {CorrelationId}: unhandled error", context.TraceIdentifier);
                await Problems.Internal(context.TraceIdentifier).ExecuteAsync(context);
            }
        });
        app.UseStatusCodePages(async pages =>
        {
            var context = pages.HttpContext;
            if (!context.Request.Path.StartsWithSegments("/api"))
            {
                if (context.Response.StatusCode == StatusCodes.Status404NotFound && !HttpMethods.IsHead(context.Request.Method))
                    await SiteNotFoundPage.WriteAsync(context);
                return;
            }
            var detail = context.Response.StatusCode switch
            {
                StatusCodes.Status404NotFound => $"there is no API route {context.Request.Path}",
                StatusCodes.Status405MethodNotAllowed => $"{context.Request.Method} is not allowed on {context.Request.Path}",
                _ => "the request could not be handled",
            };
            await Problems.Create(context.Response.StatusCode, detail).ExecuteAsync(context);
        });
    }
}
