using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Timers;

namespace Classifier.LocalRunner;

/// <summary>
/// The WebJobs host that runs <see cref="UploadTrigger"/> and <see cref="PoisonedUploadTrigger"/>, sharing the web
/// host's processor (and model).
/// </summary>
internal static class BlobTriggerHost
{
    /// <summary>
    /// host.json's extensions.queues.visibilityTimeout, mirrored. It spaces no try of the poison queue: the SDK releases
    /// no failed message of a queue named "...-poison", so <see cref="PoisonedUploads"/> hides it itself (Classifier__UploadRetrySeconds).
    /// </summary>
    public static readonly TimeSpan PoisonRetryDelay = TimeSpan.FromSeconds(10);

    /// <param name="failures">Where the host reports listener failures, instead of ending the process (<see cref="LocalBlobHostSupervisor"/>).</param>
    public static IHost Build(string storageConnectionString, UploadProcessor processor, PoisonedUploads poisoned, bool verbose, IWebJobsExceptionHandlerFactory failures) =>
        new HostBuilder()
            .ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                [StorageAccount.SettingName] = storageConnectionString,
            }))
            .ConfigureWebJobs(webJobs =>
            {
                // Receipts are kept per host id; a fixed one keeps them across renames and restarts.
                webJobs.UseHostId(RunnerOptions.HostId);
                webJobs.AddAzureStorageCoreServices();
                webJobs.AddAzureStorageBlobs(blobs =>
                {
                    blobs.MaxDegreeOfParallelism = 4; // as host.json sets for the Functions app
                    blobs.PoisonBlobThreshold = UploadProcessor.HostTries;
                });
                webJobs.AddAzureStorageQueues(queues =>
                {
                    queues.MaxDequeueCount = PoisonedUploads.MaxTries; // as host.json sets for the Functions app
                    queues.VisibilityTimeout = PoisonRetryDelay;
                    // An idle queue is polled at most this far apart (the SDK's default is a minute): a put-off
                    // upload is picked up soon after its delay ends.
                    queues.MaxPollingInterval = TimeSpan.FromSeconds(2);
                });
            })
            .ConfigureServices(services =>
            {
                services.AddSingleton(processor);
                services.AddSingleton(poisoned);
                services.AddSingleton(failures); // registered after the SDK's default, so it wins
                services.AddSingleton<ITypeLocator>(new OnlyTypes(typeof(UploadTrigger), typeof(PoisonedUploadTrigger)));
                services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
            })
            .ConfigureLogging(logging =>
            {
                logging.ClearProviders();
                logging.AddSimpleConsole(o => o.SingleLine = true);
                logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
                // The storage SDK logs every expected 404 (a queue not made yet) as a warning.
                logging.AddFilter("Azure.Core", LogLevel.Error);
            })
            .Build();

    /// <summary>Index only the trigger class, whatever else is loaded (tests load many assemblies).</summary>
    private sealed class OnlyTypes(params Type[] types) : ITypeLocator
    {
        public IReadOnlyList<Type> GetTypes() => types;
    }
}
