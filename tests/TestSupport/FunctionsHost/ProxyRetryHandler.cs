namespace TestSupport.FunctionsHost;

/// <summary>
/// What the host does when a forwarded request cannot reach the worker's Kestrel (it may not listen yet
/// right after the worker advertised it): tries again, up to 10 times, 50 ms apart doubling to at most 250 ms.
/// </summary>
internal sealed class ProxyRetryHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private const int MaxTries = 10;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            catch (HttpRequestException) when (attempt < MaxTries)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 250));
            }
        }
    }
}
