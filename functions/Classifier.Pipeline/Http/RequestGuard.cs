using Classifier.Core.Imaging;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Http;

/// <summary>
/// The one mapping from a handler's failures to problem responses, shared by every route: a refused request
/// to the problem it carries, image errors to their 4xx, no model and storage faults to 503 with Retry-After, no storage at all to 501, the server's own request errors to
/// their status, anything else to a generic 500. Details go to the log under the request's correlation id;
/// the client never sees an exception message, a path or a stack trace.
/// </summary>
public static class RequestGuard
{
    /// <summary>Runs a handler that returns a problem or null (it answered some other way); null passes through.</summary>
    public static async Task<ApiResult?> ProblemOfAsync(HttpRequest request, ILogger logger, Func<Task<ApiResult?>> handler)
    {
        var context = request.HttpContext;
        try
        {
            return await handler();
        }
        catch (RequestRefusedException e)
        {
            return e.Problem;
        }
        catch (ImageRejectedException e)
        {
            return Problems.From(e);
        }
        catch (ModelUnavailableException e)
        {
            logger.LogWarning("Request {CorrelationId}: no model ({Reason})", context.TraceIdentifier, e.Message);
            return Problems.ModelUnavailable(e.RetryAfterSeconds, context.TraceIdentifier);
        }
        catch (BadHttpRequestException e)
        {
            logger.LogInformation("Request {CorrelationId} refused by the server: {Reason}", context.TraceIdentifier, e.Message);
            return Problems.RefusedByServer(e, context.TraceIdentifier);
        }
        catch (StorageNotConfiguredException)
        {
            return Problems.NoStorage();
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            throw; // the client went away; there is no one to answer
        }
        catch (Exception e) when (StorageFaults.Is(e))
        {
            logger.LogError(e, "Request {CorrelationId}: storage failed", context.TraceIdentifier);
            return Problems.StorageUnavailable(context.TraceIdentifier);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Request {CorrelationId}: unhandled error", context.TraceIdentifier);
            return Problems.Internal(context.TraceIdentifier);
        }
    }

    /// <summary>For handlers that always answer.</summary>
    public static async Task<ApiResult> RunAsync(HttpRequest request, ILogger logger, Func<Task<ApiResult>> handler) =>
        (await ProblemOfAsync(request, logger, async () => (ApiResult?)await handler()))!;
}
