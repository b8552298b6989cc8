namespace SiteBuilder;

/// <summary>A problem with the inputs; the message names the file (and line when known) to fix.</summary>
public sealed class SiteBuildException(string message) : Exception(message);
