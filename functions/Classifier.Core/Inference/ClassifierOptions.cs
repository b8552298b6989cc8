using Classifier.Core.Imaging;
using Classifier.Core.Model;
using Classifier.Core.Settings;

namespace Classifier.Core.Inference;

/// <summary>Run-time settings; hosts bind them from configuration section "Classifier" (Classifier__* app settings).</summary>
[SettingsSection("Classifier")]
public sealed record ClassifierOptions
{
    /// <summary>ONNX Runtime intra-op threads; 0 lets the runtime choose (one per core).</summary>
    [SettingRange(0)]
    public int IntraOpThreads { get; init; }

    /// <summary>int8 serves model.int8.onnx when the package has one; fp32 always serves model.onnx.</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;

    /// <summary>Most requests coalesced into one session run; 0 runs each request on its own caller's thread.</summary>
    [SettingRange(0)]
    public int MaxBatch { get; init; } = 8;

    /// <summary>How long a forming batch waits for requests that are still decoding (never for requests not yet arrived).</summary>
    [SettingRange(0)]
    public double MaxBatchWaitMs { get; init; } = 2;

    /// <summary>Overrides the card's minConfidence when set.</summary>
    [SettingRange(0, 1)]
    public float? MinConfidence { get; init; }

    [SettingRange(0)]
    public long MaxImageBytes { get; init; } = ImageLimits.DefaultMaxBytes;
    [SettingRange(0)]
    public long MaxPixels { get; init; } = ImageLimits.DefaultMaxPixels;
    [SettingRange(0)]
    public double MaxAspectRatio { get; init; } = ImageLimits.DefaultMaxAspectRatio;

    /// <summary>Where the optimised graphs of served models are kept; null for this user's cache folder (docs/performance.md).</summary>
    public string? OptimizedModelCacheFolder { get; init; }

    public ImageLimits Limits => new() { MaxBytes = MaxImageBytes, MaxPixels = MaxPixels, MaxAspectRatio = MaxAspectRatio };
}
