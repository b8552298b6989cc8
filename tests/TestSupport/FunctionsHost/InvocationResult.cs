namespace TestSupport.FunctionsHost;

/// <summary>How the worker ended one invocation: success, or the failure it reported (what the host would log and retry on).</summary>
public sealed record InvocationResult(bool Succeeded, string? Error);
