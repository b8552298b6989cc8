using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Routes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Classifier.Functions;

/// <summary>The deployment record: operator routes (admin level, the master key), since they decide which model answers everyone.</summary>
public sealed class DeploymentApi(DeploymentHandlers deployment)
{
    [Function(nameof(ApiRoutes.Deployment))]
    public async Task<IActionResult> Read(
        [HttpTrigger(AuthorizationLevel.Admin, "get", Route = ApiRoutes.Deployment)] HttpRequest request) =>
        await deployment.GetAsync(request);

    [Function(nameof(ApiRoutes.ChangeDeployment))]
    public async Task<IActionResult> Change(
        [HttpTrigger(AuthorizationLevel.Admin, "post", Route = ApiRoutes.ChangeDeployment)] HttpRequest request) =>
        await deployment.PostAsync(request);
}
