using System.ComponentModel;
using System.Reflection;
using Classifier.Core.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Classifier.Pipeline;

/// <summary>
/// Binds a settings type from its section with the framework's binder, after two steps the binder lacks: an
/// empty value of a non-text setting is left out (the Bicep writes "" for an unset app setting, which must keep
/// the default; the binder fails on "" for a number), and a value that is not of the property's type fails as an
/// <see cref="OptionsValidationException"/> naming the setting as Section__Key with the text it got.
/// </summary>
internal static class SettingsBinder
{
    public static void Bind<T>(IConfiguration configuration, T settings) where T : class
    {
        var name = SettingsSectionAttribute.Of(typeof(T));
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<string>();
        foreach (var setting in configuration.GetSection(name).GetChildren())
        {
            var text = setting.Value?.Trim();
            var property = typeof(T).GetProperty(setting.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            var type = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            // A blank text setting is passed on: the type says what blank means (Classifier__ModelContainer: "do not look").
            if (text is null || (text.Length == 0 && type != typeof(string)))
                continue;
            if (type is not null && type != typeof(string) && !Converts(type, text))
                failures.Add($"setting {name}__{setting.Key} must be {Expected(type)} (got \"{setting.Value}\")");
            values[setting.Key] = text;
        }
        if (failures.Count > 0)
            throw new OptionsValidationException(Options.DefaultName, typeof(T), failures);
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().Bind(settings);
    }

    /// <summary>Whether the binder can turn the text into the type; an enum must name one of its values (the binder would take any number).</summary>
    private static bool Converts(Type type, string text) =>
        type.IsEnum ? Enum.TryParse(type, text, ignoreCase: true, out var value) && Enum.IsDefined(type, value!) && !char.IsAsciiDigit(text[0])
        : TypeDescriptor.GetConverter(type).IsValid(text);

    private static string Expected(Type type) =>
        type == typeof(bool) ? "true or false"
        : type == typeof(int) || type == typeof(long) ? "a whole number"
        : type == typeof(double) || type == typeof(float) ? "a number"
        : type.IsEnum ? string.Join(" or ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))
        : "a " + type.Name;
}
