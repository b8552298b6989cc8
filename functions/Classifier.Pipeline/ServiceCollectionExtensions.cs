using Azure.Storage.Blobs;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything the handlers need, as singletons: settings, storage, the one classifier.</summary>
    public static IServiceCollection AddClassifierPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddPipelineSettings(configuration);
        services.AddSettings<RateLimitSettings>(configuration);
        services.AddStorageClients(configuration);
        var storageSetting = StorageClients.Section(configuration);
        services.AddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<PipelineSettings>();
            // With no model container to look in (or a local folder to serve), the model never waits for (or needs) storage.
            var storage = settings.ModelContainer.Length > 0 && settings.ModelFolder is null ? provider.GetRequiredService<BlobServiceClient>() : null;
            return new ModelSource(storage, settings, provider.GetRequiredService<ILogger<ModelSource>>());
        });
        // The seam for where the model comes from: a test host replaces IClassifierLoader after this call.
        services.AddSingleton<IClassifierLoader, ModelLoader>();
        services.AddSingleton<ClassifierHolder>();
        services.AddSingleton(provider => new WorkGate(provider.GetRequiredService<PipelineSettings>().Load));
        services.AddSingleton(provider => new ClientRateLimits(provider.GetRequiredService<RateLimitSettings>()));
        // The routes' own clients: a short retry budget, so a storage outage is a quick 503 (StorageAccount.RequestPathOptions).
        services.AddSingleton(provider => new PredictionStore(
            options => StorageClients.Blob(storageSetting, StorageClients.Credential(provider, storageSetting), options)));
        services.AddDeployment(configuration);
        services.AddSingleton<UploadProcessor>();
        services.AddSingleton(provider => new PoisonedUploads(
            provider.GetRequiredService<UploadProcessor>(),
            provider.GetRequiredService<BlobServiceClient>,
            queue => StorageClients.Queue(storageSetting, StorageClients.Credential(provider, storageSetting), queue),
            provider.GetRequiredService<UploadRetrySettings>(),
            provider.GetRequiredService<ILogger<PoisonedUploads>>()));
        services.AddSingleton<ApiHandlers>();
        services.AddReviewAndMonitoring(configuration);
        return services;
    }
}
