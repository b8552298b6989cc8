using Classifier.Pipeline.Http;

namespace Classifier.LocalRunner;

/// <summary>
/// The Functions app's routes on Kestrel, calling the same handlers. There are no function keys locally,
/// so /api/... and the /api/public/... twins both answer, whatever Api__PublicDemo says.
/// </summary>
internal static class ApiRoutes
{
    public static void MapClassifierApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", (HttpRequest request, ApiHandlers handlers) => handlers.HealthAsync(request));
        MapShared(api);
        MapShared(api.MapGroup("/public"));
    }

    private static void MapShared(RouteGroupBuilder group)
    {
        group.MapGet("/model", (HttpRequest request, ApiHandlers handlers) => handlers.ModelAsync(request));
        group.MapPost("/predict", (HttpRequest request, ApiHandlers handlers) => handlers.PredictAsync(request));
        group.MapPost("/uploads", (HttpRequest request, ApiHandlers handlers) => handlers.UploadAsync(request));
        group.MapGet("/predictions/{name}", (HttpRequest request, string name, ApiHandlers handlers) => handlers.PredictionAsync(request, name));
    }

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
                await Failures.From(e, context.TraceIdentifier).ExecuteAsync(context);
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
                return;
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
