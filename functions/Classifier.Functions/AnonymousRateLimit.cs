using Classifier.Pipeline.Load;
using Classifier.Pipeline.Routes;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Classifier.Functions;

/// <summary>
/// Applies the per-client token buckets (<see cref="ClientRateLimits"/>) to the anonymous HTTP functions of the route table;
/// callers with a function key are not limited. Over the limit: 429 problem+json with Retry-After.
/// </summary>
public sealed class AnonymousRateLimit(ClientRateLimits limits) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (ApiRoutes.AnonymousFunctions.Contains(context.FunctionDefinition.Name) && context.GetHttpContext() is { } http)
        {
            using var lease = await limits.Limiter.AcquireAsync(http, 1, http.RequestAborted);
            if (!lease.IsAcquired)
            {
                await limits.Refused().ExecuteAsync(http);
                return;
            }
        }
        await next(context);
    }
}
