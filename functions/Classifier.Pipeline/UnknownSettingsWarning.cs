using System.Reflection;
using Classifier.Core.Settings;
using Classifier.Core.Spelling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline;

/// <summary>
/// At start, a warning for each setting under a section the app reads (Classifier__*, Limits__*, ...) that names
/// nothing in it: the binder ignores such a key, so a typo like Classifier__ModelFoler would quietly leave the
/// default in force. A warning, not a refusal: a setting left over from an older release must not stop the app.
/// </summary>
internal sealed class UnknownSettingsWarning(IConfiguration configuration, IEnumerable<SettingsType> types, ILogger<UnknownSettingsWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var problem in Find(configuration, types.Select(t => t.Type)))
            logger.LogWarning("{Problem}", problem);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>"setting Section__Key is not one the app reads ...; did you mean Section__Name?" for each unknown key.</summary>
    internal static IEnumerable<string> Find(IConfiguration configuration, IEnumerable<Type> settingsTypes)
    {
        foreach (var section in settingsTypes.Distinct().GroupBy(SettingsSectionAttribute.Of))
        {
            var known = section.SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)).Select(p => p.Name).Distinct().ToList();
            foreach (var setting in configuration.GetSection(section.Key).GetChildren())
            {
                if (known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
                    continue;
                var nearest = NearestName.Find(setting.Key, known);
                yield return $"setting {section.Key}__{setting.Key} is not one the app reads, so it is ignored" +
                    (nearest is null ? $" (the {section.Key}__ settings: {string.Join(", ", known)})" : $"; did you mean {section.Key}__{nearest}?");
            }
        }
    }
}
