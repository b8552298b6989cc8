using System.Globalization;
using System.Reflection;
using Classifier.Core.Inference;
using Classifier.Core.Settings;
using Classifier.Pipeline;

namespace Pipeline.Tests.Pipeline;

/// <summary>
/// docs/local.md's settings table is where a user looks up a setting: every property of every settings section the
/// hosts bind is in it, by the name the app settings use, with the default the code gives it.
/// </summary>
public sealed class SettingsTableTests
{
    private static readonly string[] Rows = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "local.md"))
        .Where(line => line.StartsWith("| `", StringComparison.Ordinal))
        .ToArray();

    public static TheoryData<string, string?> Settings()
    {
        var data = new TheoryData<string, string?>();
        var sections = new[] { typeof(ClassifierOptions).Assembly, typeof(PipelineSettings).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type.GetCustomAttribute<SettingsSectionAttribute>() is not null);
        foreach (var type in sections)
        {
            var defaults = Activator.CreateInstance(type);
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
                data.Add($"{SettingsSectionAttribute.Of(type)}__{property.Name}", Written(property.GetValue(defaults)));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Each_setting_the_code_binds_has_a_row_with_its_default(string setting, string? written)
    {
        var row = Rows.SingleOrDefault(r => r.Split('|')[1].Contains($"`{setting}`", StringComparison.Ordinal));
        Assert.True(row is not null, $"docs/local.md's settings table has no row for {setting}");
        if (written is not null)
            Assert.True(row.Split('|')[2].Contains(written, StringComparison.Ordinal), $"{setting}: the table's default is \"{row.Split('|')[2].Trim()}\", the code's {written}");
    }

    /// <summary>The default as the table writes it; null when the table says it in words (a missing value).</summary>
    private static string? Written(object? value) => value switch
    {
        null => null,
        bool flag => flag ? "true" : "false",
        Enum word => word.ToString().ToLowerInvariant(),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
