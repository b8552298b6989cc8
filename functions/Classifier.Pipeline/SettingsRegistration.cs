using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Classifier.Pipeline;

/// <summary>
/// Settings through the Options pattern, checked when the host starts (ValidateOnStart): a bad value stops
/// start with a message naming the setting, instead of the first request that happens to need it.
/// </summary>
public static class SettingsRegistration
{
    /// <summary>
    /// A settings type bound from its [SettingsSection] by the framework's binder (<see cref="SettingsBinder"/>), its
    /// data annotations and any <see cref="IValidateOptions{TOptions}"/> registered for it checked at start.
    /// </summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, IConfiguration configuration) where T : class
    {
        services.AddOptions<T>()
            .Configure(settings => SettingsBinder.Bind(configuration, settings))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<T>>().Value);
        services.AddSingleton(new SettingsType(typeof(T)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, UnknownSettingsWarning>(provider => new UnknownSettingsWarning(
            configuration, provider.GetServices<SettingsType>(), provider.GetRequiredService<ILogger<UnknownSettingsWarning>>())));
        return services;
    }

    /// <summary>One settings type read and checked as a host would, for code outside a host (the CLI, unit tests).</summary>
    public static T Read<T>(IConfiguration configuration) where T : class
    {
        using var provider = new ServiceCollection().AddSettings<T>(configuration).BuildServiceProvider();
        return provider.GetRequiredService<T>();
    }

    /// <summary>
    /// The sections the hosts read, each bound and checked on its own, and <see cref="PipelineSettings"/> over
    /// them, checked by <see cref="PipelineSettingsRules"/>.
    /// </summary>
    public static IServiceCollection AddPipelineSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<ClassifierOptions>(configuration);
        services.AddSettings<ModelStoreSettings>(configuration);
        services.AddSettings<UploadRetrySettings>(configuration);
        services.AddSettings<PublicApiSettings>(configuration);
        services.AddSettings<LoadSettings>(configuration);
        services.AddSingleton<IValidateOptions<PipelineSettings>, PipelineSettingsRules>();
        var budgetSet = !string.IsNullOrWhiteSpace(configuration["Limits:PixelsInFlight"]);
        services.AddSingleton<IOptionsFactory<PipelineSettings>>(provider => new ComposedOptionsFactory<PipelineSettings>(
            () => PipelineSettings.Of(provider.GetRequiredService<ClassifierOptions>(), provider.GetRequiredService<ModelStoreSettings>(),
                provider.GetRequiredService<PublicApiSettings>(), provider.GetRequiredService<LoadSettings>(), budgetSet),
            provider.GetServices<IValidateOptions<PipelineSettings>>()));
        services.AddOptions<PipelineSettings>().ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<PipelineSettings>>().Value);
        return services;
    }

    /// <summary>Options made from other options rather than bound, then validated like bound ones.</summary>
    private sealed class ComposedOptionsFactory<T>(Func<T> compose, IEnumerable<IValidateOptions<T>> validators) : IOptionsFactory<T> where T : class
    {
        public T Create(string name)
        {
            var value = compose();
            var failures = validators.Select(v => v.Validate(name, value)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
            if (failures.Count > 0)
                throw new OptionsValidationException(name, typeof(T), failures);
            return value;
        }
    }
}
