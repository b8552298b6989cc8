namespace TestSupport.FunctionsHost;

/// <summary>The worker did not start: its message says at which step, <see cref="Output"/> holds what the worker logged.</summary>
public sealed class FunctionsWorkerStartException(string message, string output, Exception? inner = null)
    : Exception($"{message}\n--- worker output ---\n{output}", inner)
{
    public string Output { get; } = output;
}
