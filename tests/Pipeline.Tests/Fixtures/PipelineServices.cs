using Classifier.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Pipeline.Tests.Fixtures;

/// <summary>The services the Functions app's Program registers, on a test Azurite and the shared model.</summary>
public static class PipelineServices
{
    /// <param name="clock">The pipeline's clock (results' processedAt, counter hours); the system's by default.</param>
    public static ServiceProvider Build(string storageConnectionString, IDictionary<string, string?>? settings = null, bool shareModel = true, TimeProvider? clock = null)
    {
        var values = new Dictionary<string, string?> { ["AzureWebJobsStorage"] = storageConnectionString };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddClassifierPipeline(configuration);
        if (clock is not null)
            services.Replace(ServiceDescriptor.Singleton(clock));
        if (shareModel)
            services.UseClassifier();
        return services.BuildServiceProvider();
    }
}
