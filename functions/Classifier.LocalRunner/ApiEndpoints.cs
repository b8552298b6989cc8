using Classifier.Pipeline.Routes;

namespace Classifier.LocalRunner;

/// <summary>
/// The route table (<see cref="ApiRoutes.All"/>) on Kestrel, every row and its public twin over the same
/// handler. There are no keys locally, so the twins answer whatever Api__PublicDemo says.
/// </summary>
internal static class ApiEndpoints
{
    public static void MapApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        foreach (var route in ApiRoutes.All)
        {
            RequestDelegate handle = async context => await (await route.Handle(context.Request)).ExecuteAsync(context);
            foreach (var served in route.Served())
                api.MapMethods("/" + served.Path, [route.Method], handle).WithName(served.Name);
        }
    }
}
