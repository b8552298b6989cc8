using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Classifier.Pipeline;

/// <summary>
/// Settings through the Options pattern, checked when the host starts (ValidateOnStart): a bad value stops
/// start with a message naming the setting, instead of the first request that happens to need it. Each
/// settings type parses itself (Functions names, an empty value meaning "not set"); any
/// <see cref="IValidateOptions{TOptions}"/> registered for it runs after.
/// </summary>
public static class SettingsRegistration
{
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, Func<T> parse) where T : class
    {
        services.AddSingleton<IOptionsFactory<T>>(provider => new ParsedOptionsFactory<T>(parse, provider.GetServices<IValidateOptions<T>>()));
        services.AddOptions<T>().ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    private sealed class ParsedOptionsFactory<T>(Func<T> parse, IEnumerable<IValidateOptions<T>> validators) : IOptionsFactory<T> where T : class
    {
        public T Create(string name)
        {
            T value;
            try
            {
                value = parse();
            }
            catch (InvalidOperationException e)
            {
                throw new OptionsValidationException(name, typeof(T), [e.Message]);
            }
            var failures = validators.Select(v => v.Validate(name, value)).Where(r => r.Failed).SelectMany(r => r.Failures ?? []).ToList();
            if (failures.Count > 0)
                throw new OptionsValidationException(name, typeof(T), failures);
            return value;
        }
    }
}
