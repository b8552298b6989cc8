using Classifier.Core.Inference;
using Classifier.Pipeline;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace TestSupport;

/// <summary>What a test changes in a host's registrations, made after the host's own.</summary>
public static class HostServices
{
    /// <summary>Serve this already loaded classifier (by default the run's <see cref="SharedModel"/>) instead of loading one.</summary>
    public static IServiceCollection UseClassifier(this IServiceCollection services, ImageClassifier? classifier = null) =>
        services.Replace(ServiceDescriptor.Singleton<IClassifierLoader>(provider =>
            new SharedClassifierLoader(classifier ?? SharedModel.Classifier, provider.GetRequiredService<PipelineSettings>())));

    /// <summary>For <c>RunnerOptions.ConfigureServices</c>: the runner serves this classifier.</summary>
    public static Action<IServiceCollection> Serving(ImageClassifier? classifier = null) => services => services.UseClassifier(classifier);
}
