using Azure.Data.Tables;
using Classifier.Pipeline.Monitoring;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Classifier.Pipeline.Review;

public static class ReviewServiceCollectionExtensions
{
    /// <summary>The review queue, the hourly counters and their routes' handlers, on the account's table service.</summary>
    public static IServiceCollection AddReviewAndMonitoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(ReviewSettings.From(configuration));
        services.AddSingleton(provider => TableAccount.Connect(configuration, provider.GetService<AzureComponentFactory>()));
        services.AddSingleton(provider => new ReviewQueue(provider.GetRequiredService<TableServiceClient>()));
        services.AddSingleton<HourlyCounters>();
        services.TryAddSingleton<IPredictionMetrics, NoPredictionMetrics>();
        services.AddSingleton<PredictionRecorder>();
        services.AddSingleton<ReviewHandlers>();
        services.AddSingleton<StatsHandlers>();
        return services;
    }
}
