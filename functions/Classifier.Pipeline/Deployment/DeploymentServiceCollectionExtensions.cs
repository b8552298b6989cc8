using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Deployment;

public static class DeploymentServiceCollectionExtensions
{
    /// <summary>The deployment record, its follower (a hosted service in both hosts), the shadow comparisons, the monitor's view of them and the routes' handlers.</summary>
    public static IServiceCollection AddDeployment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<DeploymentSettings>(configuration);
        // With no storage (the runner's bench), there is no record to follow: the model source's version serves alone.
        var withStorage = StorageAccount.IsConfigured(configuration);
        LazyTable? Table(IServiceProvider provider, string name) => withStorage ? new LazyTable(provider.GetRequiredService<TableServiceClient>, name) : null;
        services.AddSingleton(provider => new DeploymentStores(Table(provider, DeploymentStore.TableName) is { } table ? new DeploymentStore(table) : null));
        services.AddSingleton(provider => new ShadowComparisons(Table(provider, ShadowComparisons.TableName), provider.GetRequiredService<ReviewQueue>(),
            provider.GetRequiredService<WorkGate>(), provider.GetRequiredService<PipelineSettings>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ShadowComparisons>>()));
        services.AddSingleton(provider => new DeploymentFollower(provider.GetRequiredService<DeploymentStores>().Record, provider.GetRequiredService<ModelSource>(),
            provider.GetRequiredService<ClassifierHolder>(), provider.GetRequiredService<PipelineSettings>(), provider.GetRequiredService<DeploymentSettings>(),
            provider.GetRequiredService<ShadowComparisons>(), provider.GetRequiredService<ILogger<DeploymentFollower>>()));
        services.AddHostedService(provider => provider.GetRequiredService<DeploymentFollower>());
        services.AddSingleton(provider => new DeploymentMonitor(provider.GetRequiredService<DeploymentStores>().Record, provider.GetRequiredService<DeploymentFollower>(),
            provider.GetRequiredService<ShadowComparisons>(), provider.GetRequiredService<ReviewQueue>()));
        services.AddSingleton(provider => new DeploymentHandlers(provider.GetRequiredService<DeploymentStores>().Record, provider.GetRequiredService<DeploymentFollower>(),
            provider.GetRequiredService<ModelSource>(), provider.GetRequiredService<ReviewQueue>(), provider.GetRequiredService<BlobServiceClient>,
            provider.GetRequiredService<ShadowComparisons>(), provider.GetRequiredService<DeploymentSettings>(), provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<DeploymentHandlers>>()));
        return services;
    }

    /// <summary>The record's store, or none without storage (DI cannot hold a null singleton).</summary>
    private sealed record DeploymentStores(DeploymentStore? Record);
}
