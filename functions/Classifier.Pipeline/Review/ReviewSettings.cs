using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Review;

/// <summary>Settings of the review loop (section "Review", Review__* in app settings).</summary>
public sealed record ReviewSettings
{
    /// <summary>
    /// Keep the image of a direct POST /api/predict for review when the model is unsure. Off by default:
    /// a privacy choice, since callers of /api/predict may not expect their images to be stored.
    /// </summary>
    public bool KeepPredictImages { get; init; }

    public static ReviewSettings From(IConfiguration configuration)
    {
        var text = configuration["Review:KeepPredictImages"];
        if (string.IsNullOrWhiteSpace(text))
            return new ReviewSettings();
        if (!bool.TryParse(text, out var keep))
            throw new InvalidOperationException($"setting Review__KeepPredictImages must be true or false (got \"{text}\")");
        return new ReviewSettings { KeepPredictImages = keep };
    }
}
