namespace Classifier.LocalRunner;

/// <summary>The request limits the Azure Functions host applies before the worker sees a request, so the runner refuses what Azure would.</summary>
public static class FunctionsHostLimits
{
    /// <summary>The host's default for FUNCTIONS_REQUEST_BODY_SIZE_LIMIT (its HttpRequestBodySizeMiddleware): 100 MB.</summary>
    public const long MaxRequestBodyBytes = 104_857_600;
}
