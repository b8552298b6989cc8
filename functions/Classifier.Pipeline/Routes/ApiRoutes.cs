using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Review;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static Classifier.Pipeline.Routes.ApiResponse;

namespace Classifier.Pipeline.Routes;

/// <summary>
/// Every HTTP route of the API, written once. The local runner maps these rows, the OpenAPI document is
/// generated from them, the anonymous (rate-limited) functions are derived from them, and the Functions app's
/// attributes take their names and paths from the constants below (a test holds functions.metadata equal
/// to this table). docs/local.md says how to add a route.
/// </summary>
public static class ApiRoutes
{
    /// <summary>The twins' function names start with this; their paths with <see cref="PublicPath"/>.</summary>
    public const string PublicPrefix = "Public";
    public const string PublicPath = "public/";

    // Paths under /api, each named as its function is: [Function(nameof(ApiRoutes.Predict))] ... Route = ApiRoutes.Predict.
    public const string Health = "health", Model = "model", Predict = "predict", Upload = "uploads", Prediction = "predictions/{name}";
    public const string ReviewList = "review", ReviewImage = "review/{name}/image", ReviewLabel = "review/{name}", Stats = "stats";
    public const string Deployment = "deployment", ChangeDeployment = "deployment";
    public const string OpenApi = "openapi.json";
    public const string PublicModel = PublicPath + Model, PublicPredict = PublicPath + Predict, PublicUpload = PublicPath + Upload,
        PublicPrediction = PublicPath + Prediction;

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new(nameof(Health), "GET", Health, RouteAuth.Anonymous, "200 once the model is loaded, 503 while it cannot be (the reason is in the log)",
            [Ok<HealthReport>(), Ok<HealthReport>(503)], On((ApiHandlers api, HttpRequest r) => api.HealthAsync(r))),
        new(nameof(Model), "GET", Model, RouteAuth.Anonymous, "The served model: name, version, source (built-in, folder or storage), labels, input size, minConfidence, limits",
            [Ok<ModelDescription>(), ..Problems(503)], On((ApiHandlers api, HttpRequest r) => api.ModelAsync(r))) { PublicTwin = true },
        new(nameof(Predict), "POST", Predict, RouteAuth.Function, "Classify the image in the body (?top=k, default 3); the prediction JSON",
            [Ok<Core.Inference.Prediction>(), ..Problems(400, 413, 415, 503)], On((ApiHandlers api, HttpRequest r) => api.PredictAsync(r)))
        { PublicTwin = true, Request = ApiRequestBody.Image },
        new(nameof(Upload), "POST", Upload, RouteAuth.Function, "Store the image in uploads/ for the blob trigger; 202 with the name and where to poll",
            [Ok<UploadAccepted>(202), ..Problems(400, 413, 415, 501, 503)], On((ApiHandlers api, HttpRequest r) => api.UploadAsync(r)))
        { PublicTwin = true, Request = ApiRequestBody.Image },
        new(nameof(Prediction), "GET", Prediction, RouteAuth.Function, "The stored result of an upload: 200 when done, 202 while pending, 404 when unknown",
            [Ok<Core.Inference.Prediction>(), Ok<UploadAccepted>(202), ..Problems(400, 404, 501, 503)],
            On((ApiHandlers api, HttpRequest r) => api.PredictionAsync(r, NameIn(r)))) { PublicTwin = true },
        new(nameof(ReviewList), "GET", ReviewList, RouteAuth.Operator, "A page of the review queue (?status=pending|reviewed&take=N&continuation=T)",
            [Ok<ReviewPage>(), ..Problems(400, 501, 503)], On((ReviewHandlers review, HttpRequest r) => review.ListAsync(r))),
        new(nameof(ReviewImage), "GET", ReviewImage, RouteAuth.Operator, "The uploaded image of a queued item, from uploads/ only",
            [new(200, null, "image/png"), ..Problems(400, 404, 413, 501, 503)], On((ReviewHandlers review, HttpRequest r) => review.ImageAsync(r, NameIn(r)))),
        new(nameof(ReviewLabel), "POST", ReviewLabel, RouteAuth.Operator,
            "Label a queued item: {\"label\": one of the model's labels or \"none\"}; the last label given stands",
            [Ok<ReviewItem>(), ..Problems(400, 404, 413, 501, 503)], On((ReviewHandlers review, HttpRequest r) => review.LabelAsync(r, NameIn(r))))
        { Request = ApiRequestBody.JsonOf<ReviewLabelRequest>() },
        new(nameof(Stats), "GET", Stats, RouteAuth.Operator, "Prediction counters per day (?days=N, 1-90) with the label-mix drift (PSI) against the card's baseline, and the deployment's versions side by side with the record's changes",
            [Ok<StatsReport>(), ..Problems(400, 501, 503)], On((StatsHandlers stats, HttpRequest r) => stats.StatsAsync(r))),
        new(nameof(Deployment), "GET", Deployment, RouteAuth.Operator,
            "The deployment record: live, candidate, previous, mode, canaryPercent, shadowShare, and the comparison so far (?compare=true runs the gate's comparison now)",
            [Ok<DeploymentView>(), ..Problems(501, 503)], On((DeploymentHandlers deployment, HttpRequest r) => deployment.GetAsync(r))),
        new(nameof(ChangeDeployment), "POST", ChangeDeployment, RouteAuth.Operator,
            "Change the deployment: {\"action\": shadow|canary|promote|rollback|clear, \"candidate\": \"name@version\", \"percent\": n, \"force\": bool}; 409 when it does not fit or the gate refuses",
            [Ok<DeploymentView>(), ..Problems(400, 409, 413, 415, 501, 503)], On((DeploymentHandlers deployment, HttpRequest r) => deployment.PostAsync(r)))
        { Request = ApiRequestBody.JsonOf<DeploymentRequest>() },
        new(nameof(OpenApi), "GET", OpenApi, RouteAuth.Anonymous, "This document",
            [new(200, null, Json)], _ => Task.FromResult<IResult>(ApiDocument.Result)),
    ];

    /// <summary>The function names that take no key (the public twins included): the per-client rate limit covers exactly these.</summary>
    public static IReadOnlySet<string> AnonymousFunctions { get; } = All.SelectMany(r => r.Served())
        .Where(s => s.Auth == RouteAuth.Anonymous).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<ApiResponse> Problems(params int[] statuses) => statuses.Select(Problem);

    /// <summary>The {name} segment, as the runner's routing bound it.</summary>
    private static string? NameIn(HttpRequest request) => request.RouteValues["name"] as string;

    /// <summary>Calls a handler class from the request's services: the runner's endpoints, one per row.</summary>
    private static Func<HttpRequest, Task<IResult>> On<THandlers, TResult>(Func<THandlers, HttpRequest, Task<TResult>> handle)
        where THandlers : notnull where TResult : IResult =>
        async request => await handle(request.HttpContext.RequestServices.GetRequiredService<THandlers>(), request);
}
