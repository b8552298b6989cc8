using Azure.Data.Tables;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Classifier.Pipeline.Review;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>The review queue, the hourly counters and their routes' handlers, on the account's table service.</summary>
    public static IServiceCollection AddReviewAndMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ReviewSettings>(configuration);
        services.AddSingleton(provider => TableAccount.Connect(configuration, provider.GetService<AzureComponentFactory>()));
        services.AddSingleton(provider => new ReviewQueue(provider.GetRequiredService<TableServiceClient>));
        // With no storage configured (the local runner's bench), predictions are not counted: no warnings about a table nobody asked for.
        services.AddSingleton(provider => new HourlyCounters(
            StorageAccount.IsConfigured(configuration) ? provider.GetRequiredService<TableServiceClient> : null, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IPredictionMetrics, NoPredictionMetrics>(); // a host with a metrics sink replaces it
        services.AddSingleton<PredictionRecorder>();
        services.AddSingleton<VersionLabels>();
        services.AddSingleton<ReviewHandlers>();
        services.AddSingleton<StatsHandlers>();
        return services;
    }
}
