using Classifier.Pipeline.Http;
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
    [Function("Health")]
    public async Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request) =>
        await api.HealthAsync(request);

    [Function("Model")]
    public async Task<IActionResult> Model(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "model")] HttpRequest request) =>
        await api.ModelAsync(request);

    [Function("Predict")]
    public async Task<IActionResult> Predict(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "predict")] HttpRequest request) =>
        await api.PredictAsync(request);

    [Function("Upload")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "uploads")] HttpRequest request) =>
        await api.UploadAsync(request);

    [Function("Prediction")]
    public async Task<IActionResult> Prediction(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "predictions/{name}")] HttpRequest request, string name) =>
        await api.PredictionAsync(request, name);

    [Function("PublicModel")]
    public async Task<IActionResult> PublicModel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/model")] HttpRequest request) =>
        await api.WhenPublic(() => api.ModelAsync(request));

    [Function("PublicPredict")]
    public async Task<IActionResult> PublicPredict(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "public/predict")] HttpRequest request) =>
        await api.WhenPublic(() => api.PredictAsync(request));

    [Function("PublicUpload")]
    public async Task<IActionResult> PublicUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "public/uploads")] HttpRequest request) =>
        await api.WhenPublic(() => api.UploadAsync(request));

    [Function("PublicPrediction")]
    public async Task<IActionResult> PublicPrediction(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "public/predictions/{name}")] HttpRequest request, string name) =>
        await api.WhenPublic(() => api.PredictionAsync(request, name));
}
