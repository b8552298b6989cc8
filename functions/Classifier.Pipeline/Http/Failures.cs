using Azure;
using Microsoft.AspNetCore.Http;

namespace Classifier.Pipeline.Http;

/// <summary>
/// Sorts the exceptions a handler may meet into what the client is told. The client gets a generic
/// sentence and a correlation id; the exception, with its message and paths, goes only to the log.
/// </summary>
public static class Failures
{
    /// <summary>Storage that fails or does not answer: the SDK's own error, or its retries' AggregateException of network errors.</summary>
    public static bool IsStorageFault(Exception e) => e switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFault),
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException { InnerException: { } inner } => IsStorageFault(inner) || inner is TimeoutException,
        _ => false,
    };

    /// <summary>Kestrel's request errors (a stalled or broken body, a body over its limit) keep their own status.</summary>
    public static ApiResult From(BadHttpRequestException e, string correlationId) => Problems.WithCorrelation(e.StatusCode switch
    {
        StatusCodes.Status408RequestTimeout => "the request body did not arrive in time",
        StatusCodes.Status413PayloadTooLarge => "the request body is too large",
        _ => "the request is malformed",
    }, e.StatusCode, correlationId);
}
