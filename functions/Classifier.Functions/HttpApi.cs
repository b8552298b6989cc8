using Classifier.Pipeline.Http;
using Classifier.Pipeline.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>
/// The HTTP functions: routes, methods and auth levels only. Health and model are anonymous; predict,
/// uploads and predictions need a function key. The api/public/... twins are anonymous and answer only
/// when Api__PublicDemo is true, so the deployed demo site can call the API without a key.
/// </summary>
public sealed class HttpApi(ApiHandlers api)
{
    [Function(nameof(ApiRoutes.Health))]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Health)] HttpRequest request) =>
        await api.HealthAsync(request);

    [Function(nameof(ApiRoutes.Model))]
    public async Task<IActionResult> Model(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Model)] HttpRequest request) =>
        await api.ModelAsync(request);

    [Function(nameof(ApiRoutes.Predict))]
    public async Task<IActionResult> Predict(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Predict)] HttpRequest request) =>
        await api.PredictAsync(request);

    [Function(nameof(ApiRoutes.Upload))]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiRoutes.Upload)] HttpRequest request) =>
        await api.UploadAsync(request);

    [Function(nameof(ApiRoutes.Prediction))]
    public async Task<IActionResult> Prediction(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Prediction)] HttpRequest request, string name) =>
        await api.PredictionAsync(request, name);

    [Function(nameof(ApiRoutes.PublicModel))]
    public async Task<IActionResult> PublicModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.PublicModel)] HttpRequest request) =>
        await api.WhenPublic(() => api.ModelAsync(request));

    [Function(nameof(ApiRoutes.PublicPredict))]
    public async Task<IActionResult> PublicPredict(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.PublicPredict)] HttpRequest request) =>
        await api.WhenPublic(() => api.PredictAsync(request));

    [Function(nameof(ApiRoutes.PublicUpload))]
    public async Task<IActionResult> PublicUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.PublicUpload)] HttpRequest request) =>
        await api.WhenPublic(() => api.UploadAsync(request));

    [Function(nameof(ApiRoutes.PublicPrediction))]
    public async Task<IActionResult> PublicPrediction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.PublicPrediction)] HttpRequest request, string name) =>
        await api.WhenPublic(() => api.PredictionAsync(request, name));
}
