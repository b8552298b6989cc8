using Microsoft.Extensions.Options;

namespace Classifier.Pipeline;

/// <summary>The rules that span settings of different sections, checked at start with the rest.</summary>
internal sealed class PipelineSettingsRules : IValidateOptions<PipelineSettings>
{
    public ValidateOptionsResult Validate(string? name, PipelineSettings options) =>
        options.Load.PixelsInFlight >= options.Limits.MaxPixels
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"setting Limits__PixelsInFlight ({options.Load.PixelsInFlight}) must be at least Classifier__MaxPixels ({options.Limits.MaxPixels}): one image at the pixel limit must fit");
}
