namespace Site.Tests.EndToEnd;

/// <summary>Something serving the built site at <see cref="BaseAddress"/> (pages at "/", the API under "/api").</summary>
public interface ISiteServer : IAsyncDisposable
{
    Uri BaseAddress { get; }
}
