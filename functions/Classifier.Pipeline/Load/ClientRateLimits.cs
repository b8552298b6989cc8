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
        var client = ClientAddress(context, settings.ClientAddressHeader);
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
    /// The caller's address: the connection's, unless <paramref name="header"/> (<see cref="RateLimitSettings.ClientAddressHeader"/>)
    /// names a header a trusted front end writes. X-Forwarded-For is never read here: behind the Functions host the
    /// worker's forwarded-headers step has already made the connection's address the one the host saw (and
    /// consumed the header); on the local runner nothing overwrites it, so a client could pick its own bucket
    /// with it (docs/deploy.md, "Rate limits").
    /// </summary>
    public static IPAddress? ClientAddress(HttpContext context, string? header = null)
    {
        if (header is not null)
        {
            // A front end that overwrites the header sends one value; anything else is not its.
            var values = context.Request.Headers[header];
            if (values.Count == 1 && Parse(values[0]) is { } address)
                return address;
        }
        return context.Connection.RemoteIpAddress;
    }

    private static IPAddress? Parse(string? text)
    {
        text = text?.Trim();
        if (IPAddress.TryParse(text, out var address))
            return address;
        return IPEndPoint.TryParse(text ?? "", out var endpoint) ? endpoint.Address : null;
    }

    /// <summary>429 problem+json with Retry-After: how long until the client's bucket has a token again.</summary>
    public ApiResult Refused() => Problems.Create(StatusCodes.Status429TooManyRequests,
        $"too many requests from your address (at most {settings.PermitsPerMinute} a minute, {settings.Burst} at once); try again shortly",
        Problems.RetryAfter(RetryAfterSeconds));

    public int RetryAfterSeconds => Math.Max(1, (int)Math.Ceiling(60.0 / settings.PermitsPerMinute));

    public void Dispose() => _limiter?.Dispose();

}
