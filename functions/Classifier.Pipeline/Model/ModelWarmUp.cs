using Microsoft.Extensions.Hosting;

namespace Classifier.Pipeline.Model;

/// <summary>Starts loading the model when the host starts, so the first request does not pay for it.</summary>
public sealed class ModelWarmUp(ClassifierHolder classifiers) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Not awaited: the host answers health checks meanwhile; a failure is logged and retried on use.
        _ = classifiers.GetAsync(CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
