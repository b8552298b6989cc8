using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Classifier.Core.Settings;

/// <summary>
/// A data annotation for a numeric setting whose failure names the setting as the app settings spell it
/// (Section__Key) and the value it got, which RangeAttribute's message cannot.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class SettingRangeAttribute(double minimum, double maximum = double.MaxValue) : ValidationAttribute
{
    public double Minimum { get; } = minimum;
    public double Maximum { get; } = maximum;

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
            return ValidationResult.Success;
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);
        if (number >= Minimum && number <= Maximum)
            return ValidationResult.Success;
        var bounds = Maximum == double.MaxValue ? $"at least {Text(Minimum)}" : $"between {Text(Minimum)} and {Text(Maximum)}";
        var key = validationContext.MemberName ?? validationContext.DisplayName;
        return new ValidationResult($"setting {SettingsSectionAttribute.Of(validationContext.ObjectType)}__{key} must be {bounds} (got {Convert.ToString(value, CultureInfo.InvariantCulture)})", [key]);
    }

    private static string Text(double number) => number.ToString(CultureInfo.InvariantCulture);
}
