using Microsoft.AspNetCore.Http;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// Which client a direct prediction is from, for the canary's sticky choice: the last X-Forwarded-For entry
/// when there is one (on the runner, a proxy or a test stands for many clients), else the connection's
/// address (behind the Functions host the worker has already made it the caller's). Unlike the rate
/// limiter's key, this one need not be trusted: a client that picks its own value only picks its version.
/// </summary>
public static class CanaryClient
{
    public static string Of(HttpContext context)
    {
        var forwarded = context.Request.Headers["X-Forwarded-For"].ToString();
        return forwarded.Length > 0 ? forwarded.Split(',')[^1].Trim() : context.Connection.RemoteIpAddress?.ToString() ?? "";
    }
}
