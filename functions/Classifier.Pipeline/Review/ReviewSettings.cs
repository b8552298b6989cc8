using Classifier.Core.Settings;

namespace Classifier.Pipeline.Review;

/// <summary>Settings of the review loop (section "Review", Review__* in app settings).</summary>
[SettingsSection("Review")]
public sealed record ReviewSettings
{
    /// <summary>
    /// Keep the image of a direct POST /api/predict for review when the model is unsure. Off by default:
    /// a privacy choice, since callers of /api/predict may not expect their images to be stored.
    /// </summary>
    public bool KeepPredictImages { get; init; }
}
