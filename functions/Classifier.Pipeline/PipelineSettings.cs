using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Pipeline.Http;
using Classifier.Pipeline.Load;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Classifier.Pipeline;

/// <summary>
/// The app settings both hosts read, by the names the Bicep sets (Classifier__*, Api__*, Limits__*): one view
/// over the sections each bound on its own (<see cref="SettingsRegistration"/>). An empty value means "not set":
/// the Bicep writes empty strings for optional settings.
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

    /// <summary>Largest image in bytes the anonymous twins take (Api__PublicMaxImageBytes); never more than Classifier__MaxImageBytes.</summary>
    public long PublicMaxImageBytes { get; init; } = PublicApiSettings.DefaultPublicMaxImageBytes;

    /// <summary>Largest image in pixels the anonymous twins take (Api__PublicMaxPixels); never more than Classifier__MaxPixels.</summary>
    public long PublicMaxPixels { get; init; } = PublicApiSettings.DefaultPublicMaxPixels;

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

    /// <summary>
    /// The sections as one. An unset pixel budget grows to one image at the pixel limit; a set one is left as
    /// it is, for <see cref="PipelineSettingsRules"/> to check.
    /// </summary>
    public static PipelineSettings Of(ClassifierOptions classifier, ModelStoreSettings model, PublicApiSettings api, LoadSettings load, bool budgetSet) => new()
    {
        Classifier = classifier,
        ModelContainer = model.ModelContainer,
        ModelFolder = model.ModelFolder,
        ModelRetryInterval = TimeSpan.FromSeconds(model.ModelRetrySeconds),
        PublicDemo = api.PublicDemo,
        PublicMaxImageBytes = api.PublicMaxImageBytes,
        PublicMaxPixels = api.PublicMaxPixels,
        Load = budgetSet || load.PixelsInFlight >= classifier.MaxPixels || classifier.MaxPixels > int.MaxValue
            ? load : load with { PixelsInFlight = classifier.MaxPixels },
    };

    /// <summary>The settings read and checked as a host reads them, for code outside a host.</summary>
    public static PipelineSettings From(IConfiguration configuration)
    {
        using var provider = new ServiceCollection().AddPipelineSettings(configuration).BuildServiceProvider();
        return provider.GetRequiredService<PipelineSettings>();
    }
}
