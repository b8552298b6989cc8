namespace Classifier.Pipeline.Model;

/// <summary>No model to classify with: 503 with Retry-After; the reason (which may name paths) goes to the log only.</summary>
public sealed class ModelUnavailableException(string reason, int retryAfterSeconds, Exception? inner) : Exception(reason, inner)
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
