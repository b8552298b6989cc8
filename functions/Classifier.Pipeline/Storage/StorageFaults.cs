using Azure;

namespace Classifier.Pipeline.Storage;

/// <summary>Whether an exception means storage failed or did not answer: the routes answer 503, background work tries again.</summary>
public static class StorageFaults
{
    /// <summary>The SDK's own error, or its retries' AggregateException of network errors, or a timeout around them.</summary>
    public static bool Is(Exception e) => e switch
    {
        RequestFailedException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        HttpRequestException or IOException or TimeoutException => true,
        OperationCanceledException { InnerException: { } inner } => Is(inner) || inner is TimeoutException,
        _ => false,
    };
}
