namespace Classifier.Core.Settings;

/// <summary>The configuration section a settings type binds from ("RateLimit" for RateLimit__* app settings).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class SettingsSectionAttribute(string name) : Attribute
{
    public string Name { get; } = name;

    /// <summary>The section of <paramref name="type"/>, which must declare one.</summary>
    public static string Of(Type type) =>
        (GetCustomAttribute(type, typeof(SettingsSectionAttribute)) as SettingsSectionAttribute)?.Name
        ?? throw new InvalidOperationException($"{type.Name} has no [SettingsSection]");
}
