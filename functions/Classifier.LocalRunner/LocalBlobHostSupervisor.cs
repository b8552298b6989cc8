using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace Classifier.LocalRunner;

/// <summary>
/// What the local host needs and Azure's does not: on Azure the Functions host owns the blob trigger and
/// its restarts; here the runner runs the WebJobs SDK itself, so it must keep that host alive.
/// Keeps the WebJobs blob-trigger host alive through storage outages of any length. The SDK's listeners
/// throw on a background thread when storage does not answer, and its default exception handler then ends
/// the whole process, HTTP API included (Azure/azure-webjobs-sdk#3119). Here each host gets a handler that
/// reports to this supervisor instead, which stops that host and starts a fresh one, again and again with
/// a back-off until storage answers. The web host never notices. Queue messages and receipts live in
/// storage, so uploads made before the outage are classified once it is back.
/// </summary>
internal sealed class LocalBlobHostSupervisor(Func<IWebJobsExceptionHandlerFactory, IHost> build, ILogger<LocalBlobHostSupervisor> logger) : IAsyncDisposable
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private IHost? _host;
    private int _generation;

    /// <summary>How many times a host was replaced (tests and logs).</summary>
    public int Restarts { get; private set; }

    public async Task StartAsync(CancellationToken cancellation)
    {
        var host = Build();
        try
        {
            await host.StartAsync(cancellation);
        }
        catch
        {
            host.Dispose();
            throw;
        }
        _host = host;
    }

    private IHost Build() => build(new HandlerFactory(this, Interlocked.Increment(ref _generation)));

    /// <summary>A host failed: replace it, unless it is already an old one.</summary>
    private void OnHostFailed(int generation, Exception error)
    {
        if (generation != Volatile.Read(ref _generation) || _stopping.IsCancellationRequested)
            return;
        logger.LogWarning("The blob trigger host failed ({Error}: {Reason}); restarting it", error.GetType().Name, error.Message);
        _ = Task.Run(() => ReplaceAsync(generation));
    }

    private async Task ReplaceAsync(int failedGeneration)
    {
        try
        {
            await _turn.WaitAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (failedGeneration != _generation)
                return; // another report of the same failure already replaced it
            await StopQuietlyAsync(_host);
            _host = null;
            var delay = FirstDelay;
            while (!_stopping.IsCancellationRequested)
            {
                var host = Build();
                try
                {
                    await host.StartAsync(_stopping.Token);
                    _host = host;
                    Restarts++;
                    logger.LogWarning("The blob trigger host is running again");
                    return;
                }
                catch (Exception e) when (!_stopping.IsCancellationRequested)
                {
                    logger.LogWarning("The blob trigger host could not start ({Reason}); next try in {Seconds:0} s", e.Message, delay.TotalSeconds);
                    await StopQuietlyAsync(host);
                }
                await Task.Delay(delay, _stopping.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LongestDelay.Ticks));
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task StopQuietlyAsync(IHost? host)
    {
        if (host is null)
            return;
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            await host.StopAsync(timeout.Token);
        }
        catch (Exception e)
        {
            logger.LogInformation("Stopping a failed blob trigger host: {Reason}", e.Message);
        }
        // Disposing a host whose listener died can block on it (seen here): let that happen aside.
        _ = Task.Run(host.Dispose);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _turn.WaitAsync();
        try
        {
            if (_host is not null)
            {
                // A clean stop finishes the uploads in hand.
                await _host.StopAsync(CancellationToken.None);
                _host.Dispose();
                _host = null;
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    private sealed class HandlerFactory(LocalBlobHostSupervisor supervisor, int generation) : IWebJobsExceptionHandlerFactory
    {
        public IWebJobsExceptionHandler Create(IHost jobHost) => new Handler(supervisor, generation);
    }

    /// <summary>Reports instead of ending the process (what the SDK's default handler does).</summary>
    private sealed class Handler(LocalBlobHostSupervisor supervisor, int generation) : IWebJobsExceptionHandler
    {
        public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod)
        {
            supervisor.OnHostFailed(generation, exceptionInfo.SourceException);
            return Task.CompletedTask;
        }

        public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo)
        {
            supervisor.OnHostFailed(generation, exceptionInfo.SourceException);
            return Task.CompletedTask;
        }
    }
}
