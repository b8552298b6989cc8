using System.Threading.RateLimiting;
using Classifier.Pipeline.Load;
using Microsoft.AspNetCore.RateLimiting;

namespace Classifier.LocalRunner;

/// <summary>
/// ASP.NET Core's rate limiter with the pipeline's per-client token buckets (<see cref="ClientRateLimits"/>)
/// on the API; every route is anonymous here (the runner has no keys). The site's files are not limited.
/// Callers on loopback are exempt unless RateLimit__ExemptLoopback=false.
/// </summary>
internal static class RateLimiting
{
    public static void AddClientRateLimits(this IServiceCollection services) =>
        services.AddRateLimiter(_ => { }).AddOptions<RateLimiterOptions>().Configure<ClientRateLimits>((options, limits) =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api") ? limits.Partition(context) : RateLimitPartition.GetNoLimiter("site"));
            options.OnRejected = (rejected, _) => new ValueTask(limits.Refused().ExecuteAsync(rejected.HttpContext));
        });
}
