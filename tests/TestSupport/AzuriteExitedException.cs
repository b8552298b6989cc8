namespace TestSupport;

/// <summary>Azurite ended before it listened, most often because a port it was given was taken meanwhile.</summary>
public sealed class AzuriteExitedException(string message) : InvalidOperationException(message);
