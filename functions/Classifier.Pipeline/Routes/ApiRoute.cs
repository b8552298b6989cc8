using Microsoft.AspNetCore.Http;

namespace Classifier.Pipeline.Routes;

/// <summary>
/// One row of <see cref="ApiRoutes.All"/>: everything both hosts and the OpenAPI document need to know
/// about a route. <see cref="Name"/> is the Functions app's function name; <see cref="Path"/> is relative
/// to /api, as the Functions attributes take it.
/// </summary>
public sealed record ApiRoute(
    string Name,
    string Method,
    string Path,
    RouteAuth Auth,
    string Summary,
    IReadOnlyList<ApiResponse> Responses,
    Func<HttpRequest, Task<IResult>> Handle)
{
    /// <summary>An anonymous twin under api/public/... that answers only while Api__PublicDemo is true (for the demo site).</summary>
    public bool PublicTwin { get; init; }

    /// <summary>What the body holds; null: the route reads none.</summary>
    public ApiRequestBody? Request { get; init; }

    public string PublicName => ApiRoutes.PublicPrefix + Name;

    public string PublicPath => ApiRoutes.PublicPath + Path;

    /// <summary>The route itself and, when it has one, its public twin: what a host serves.</summary>
    public IEnumerable<(string Name, string Path, RouteAuth Auth, bool IsTwin)> Served()
    {
        yield return (Name, Path, Auth, false);
        if (PublicTwin)
            yield return (PublicName, PublicPath, RouteAuth.Anonymous, true);
    }
}
