using Classifier.Pipeline.Load;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace Classifier.Functions;

/// <summary>
/// Applies the per-client token buckets (<see cref="ClientRateLimits"/>) to the anonymous HTTP functions;
/// callers with a function key are not limited. Over the limit: 429 problem+json with Retry-After.
/// </summary>
public sealed class AnonymousRateLimit(ClientRateLimits limits) : IFunctionsWorkerMiddleware
{
    /// <summary>Every function with anonymous auth (a test holds this against functions.metadata).</summary>
    public static IReadOnlySet<string> Anonymous { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Health", "Model", "OpenApi", "PublicModel", "PublicPredict", "PublicUpload", "PublicPrediction",
    };

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (Anonymous.Contains(context.FunctionDefinition.Name) && context.GetHttpContext() is { } http)
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
