using System.Net;
using System.Threading.RateLimiting;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;

namespace Classifier.Pipeline.Load;

/// <summary>
/// One token bucket per client address (System.Threading.RateLimiting), shared by both hosts: the runner
/// plugs it into ASP.NET Core's rate limiter, the Functions app into a worker middleware. Per process:
/// each instance counts on its own (docs/deploy.md).
/// </summary>
public sealed class ClientRateLimits(RateLimitSettings settings) : IDisposable
{
    public PartitionedRateLimiter<HttpContext> Limiter => _limiter ??= PartitionedRateLimiter.Create<HttpContext, string>(Partition);

    private PartitionedRateLimiter<HttpContext>? _limiter;

    /// <summary>Which bucket a request draws from: its client's, or none for an exempt caller.</summary>
    public RateLimitPartition<string> Partition(HttpContext context)
    {
        var client = ClientAddress(context);
        if (client is null || (settings.ExemptLoopback && IPAddress.IsLoopback(client)))
            return RateLimitPartition.GetNoLimiter("unlimited");
        return RateLimitPartition.GetTokenBucketLimiter(client.ToString(), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = settings.Burst,
            TokensPerPeriod = settings.PermitsPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>
    /// The caller's address. Behind Azure's front ends the connection comes from the platform, which appends
    /// the caller's address to X-Forwarded-For: the last entry is the one a client cannot forge.
    /// </summary>
    public static IPAddress? ClientAddress(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        if (forwarded.Length > 0)
        {
            var last = forwarded.Split(',')[^1].Trim();
            if (IPAddress.TryParse(last, out var address) || (IPEndPoint.TryParse(last, out var endpoint) && (address = endpoint.Address) is not null))
                return address;
        }
        return context.Connection.RemoteIpAddress;
    }

    /// <summary>429 problem+json with Retry-After: how long until the client's bucket has a token again.</summary>
    public ApiResult Refused() => Problems.Create(StatusCodes.Status429TooManyRequests,
        $"too many requests from your address (at most {settings.PermitsPerMinute} a minute, {settings.Burst} at once); try again shortly",
        Problems.RetryAfter(RetryAfterSeconds));

    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(60.0 / settings.PermitsPerMinute));

    public void Dispose() => _limiter?.Dispose();

}
