using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Review;

namespace Classifier.LocalRunner;

/// <summary>The person-in-the-loop and monitoring routes, over the same handlers as the Functions app's ReviewApi.</summary>
internal static class ReviewRoutes
{
    public static void MapReviewAndStats(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/review", (HttpRequest request, ReviewHandlers handlers) => handlers.ListAsync(request));
        api.MapGet("/review/{name}/image", (HttpRequest request, string name, ReviewHandlers handlers) => handlers.ImageAsync(request, name));
        api.MapPost("/review/{name}", (HttpRequest request, string name, ReviewHandlers handlers) => handlers.LabelAsync(request, name));
        api.MapGet("/stats", (HttpRequest request, StatsHandlers handlers) => handlers.StatsAsync(request));
    }
}
