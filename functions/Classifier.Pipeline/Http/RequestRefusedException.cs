namespace Classifier.Pipeline.Http;

/// <summary>
/// A request that cannot be served as sent (a body of the wrong type, too large, cut short, arriving too
/// slowly, or no room for it now), thrown by the readers that turn a request into its input. It carries the
/// problem to answer with; <see cref="RequestGuard"/> answers it, as it answers every other failure.
/// </summary>
public sealed class RequestRefusedException(ApiResult problem)
    : Exception($"the request was refused with status {problem.Status}")
{
    public ApiResult Problem { get; } = problem;
}
