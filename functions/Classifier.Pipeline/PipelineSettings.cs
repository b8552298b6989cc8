using System.Globalization;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Pipeline.Load;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline;

/// <summary>
/// The app settings both hosts read, by the names the Bicep sets (Classifier__*, Api__PublicDemo).
/// An empty value means "not set": the Bicep writes empty strings for optional settings.
/// </summary>
public sealed record PipelineSettings
{
    public const string DefaultModelContainer = "models";

    public ClassifierOptions Classifier { get; init; } = new();

    /// <summary>Container holding a user's model.onnx + model.json; empty: use the built-in model only.</summary>
    public string ModelContainer { get; init; } = DefaultModelContainer;

    /// <summary>
    /// A local package folder to serve (Classifier__ModelFolder; ./run.sh --model DIR sets it); when set, the
    /// models container is not read for the model.
    /// </summary>
    public string? ModelFolder { get; init; }

    /// <summary>Opens the anonymous api/public/... twin routes (the deployed demo site uses them).</summary>
    public bool PublicDemo { get; init; }

    public const long DefaultPublicMaxImageBytes = 4L * 1024 * 1024;
    public const long DefaultPublicMaxPixels = 16_000_000;

    /// <summary>Largest image in bytes the anonymous twins take (Api__PublicMaxImageBytes); never more than Classifier__MaxImageBytes.</summary>
    public long PublicMaxImageBytes { get; init; } = DefaultPublicMaxImageBytes;

    /// <summary>Largest image in pixels the anonymous twins take (Api__PublicMaxPixels); never more than Classifier__MaxPixels.</summary>
    public long PublicMaxPixels { get; init; } = DefaultPublicMaxPixels;

    /// <summary>The limits of the anonymous twins: the keyed ones, lowered to the public byte and pixel caps.</summary>
    public ImageLimits PublicLimits => Limits with
    {
        MaxBytes = Math.Min(Limits.MaxBytes, PublicMaxImageBytes),
        MaxPixels = Math.Min(Limits.MaxPixels, PublicMaxPixels),
    };

    /// <summary>How long a model that failed to load is reported unavailable before the next try (Classifier__ModelRetrySeconds).</summary>
    public TimeSpan ModelRetryInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How much work the process takes on at once (Limits__*).</summary>
    public LoadSettings Load { get; init; } = new();

    public ImageLimits Limits => Classifier.Limits;

    public static PipelineSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection("Classifier");
        var maxBatch = (int)(Number(section, "MaxBatch") ?? 8);
        var load = LoadSettings.From(configuration);
        return new PipelineSettings
        {
            Classifier = new ClassifierOptions
            {
                IntraOpThreads = (int)(Number(section, "IntraOpThreads") ?? 0),
                MinConfidence = Fraction(section, "MinConfidence"),
                MaxImageBytes = (long)(Number(section, "MaxImageBytes") ?? ImageLimits.DefaultMaxBytes),
                MaxPixels = (long)(Number(section, "MaxPixels") ?? ImageLimits.DefaultMaxPixels),
                Precision = Precision(section["Precision"]),
                MaxBatch = maxBatch,
                MaxBatchWaitMs = Number(section, "MaxBatchWaitMs") ?? 2,
                MaxAspectRatio = Number(section, "MaxAspectRatio") ?? ImageLimits.DefaultMaxAspectRatio,
            },
            // A missing setting means the default container; an empty one means "do not look".
            ModelContainer = section["ModelContainer"]?.Trim() ?? DefaultModelContainer,
            ModelFolder = string.IsNullOrWhiteSpace(section["ModelFolder"]) ? null : section["ModelFolder"]!.Trim(),
            PublicDemo = bool.TryParse(configuration["Api:PublicDemo"], out var open) && open,
            PublicMaxImageBytes = (long)(Number(configuration.GetSection("Api"), "PublicMaxImageBytes", "Api") ?? DefaultPublicMaxImageBytes),
            PublicMaxPixels = (long)(Number(configuration.GetSection("Api"), "PublicMaxPixels", "Api") ?? DefaultPublicMaxPixels),
            ModelRetryInterval = TimeSpan.FromSeconds(Number(section, "ModelRetrySeconds") ?? 60),
            Load = load,
        }.Checked(budgetSet: !string.IsNullOrWhiteSpace(configuration["Limits:PixelsInFlight"]));
    }

    /// <summary>One image at the pixel limit must fit the pixel budget: a default budget grows to it, a set one must allow it.</summary>
    private PipelineSettings Checked(bool budgetSet)
    {
        if (Load.PixelsInFlight >= Limits.MaxPixels)
            return this;
        if (!budgetSet && Limits.MaxPixels <= int.MaxValue)
            return this with { Load = Load with { PixelsInFlight = Limits.MaxPixels } };
        throw new InvalidOperationException($"setting Limits__PixelsInFlight ({Load.PixelsInFlight}) must be at least Classifier__MaxPixels ({Limits.MaxPixels}): one image at the pixel limit must fit");
    }

    /// <summary>"int8" (the default: the package's int8 model when it has one) or "fp32".</summary>
    private static ModelPrecision Precision(string? text) =>
        string.IsNullOrWhiteSpace(text) ? ModelPrecision.Int8
        : Enum.TryParse<ModelPrecision>(text.Trim(), ignoreCase: true, out var precision) && Enum.IsDefined(precision) ? precision
        : throw new InvalidOperationException($"setting Classifier__Precision must be int8 or fp32 (got \"{text}\")");

    private static double? Number(IConfiguration section, string key, string sectionName = "Classifier")
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
            return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            throw new InvalidOperationException($"setting {sectionName}__{key} must be a non-negative number (got \"{text}\")");
        return value;
    }

    private static float? Fraction(IConfiguration section, string key)
    {
        var value = Number(section, key);
        if (value is > 1)
            throw new InvalidOperationException($"setting Classifier__{key} must be between 0 and 1 (got {value})");
        return value is null ? null : (float)value.Value;
    }
}
