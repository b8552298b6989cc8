using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>
/// The review queue and the counters: operator routes, at the host's admin level, so only the master key opens
/// them (they show users' images and traffic). A function key, such as the demo's, never does.
/// </summary>
public sealed class ReviewApi(ReviewHandlers review, StatsHandlers stats)
{
    [Function(nameof(ApiRoutes.ReviewList))]
    public async Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = ApiRoutes.ReviewList)] HttpRequest request) =>
        await review.ListAsync(request);

    [Function(nameof(ApiRoutes.ReviewImage))]
    public async Task<IActionResult> Image(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = ApiRoutes.ReviewImage)] HttpRequest request, string name) =>
        await review.ImageAsync(request, name);

    [Function(nameof(ApiRoutes.ReviewLabel))]
    public async Task<IActionResult> Label(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = ApiRoutes.ReviewLabel)] HttpRequest request, string name) =>
        await review.LabelAsync(request, name);

    [Function(nameof(ApiRoutes.Stats))]
    public async Task<IActionResult> Stats(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = ApiRoutes.Stats)] HttpRequest request) =>
        await stats.StatsAsync(request);
}
