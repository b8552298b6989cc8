using Classifier.Core.Imaging;
using Classifier.Core.Model;

namespace Classifier.Core.Inference;

/// <summary>Run-time settings; hosts bind them from configuration section "Classifier".</summary>
public sealed record ClassifierOptions
{
    /// <summary>ONNX Runtime intra-op threads; 0 lets the runtime choose (one per core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>int8 serves model.int8.onnx when the package has one; fp32 always serves model.onnx.</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Int8;

    /// <summary>Most requests coalesced into one session run; 0 runs each request on its own caller's thread.</summary>
    public int MaxBatch { get; init; } = 8;

    /// <summary>How long a forming batch waits for requests that are still decoding (never for requests not yet arrived).</summary>
    public double MaxBatchWaitMs { get; init; } = 2;

    /// <summary>Overrides the card's minConfidence when set.</summary>
    public float? MinConfidence { get; init; }

    public long MaxImageBytes { get; init; } = ImageLimits.DefaultMaxBytes;
    public long MaxPixels { get; init; } = ImageLimits.DefaultMaxPixels;
    public double MaxAspectRatio { get; init; } = ImageLimits.DefaultMaxAspectRatio;

    /// <summary>Where the optimised graphs of served models are kept; null for this user's cache folder (docs/performance.md).</summary>
    public string? OptimizedModelCacheFolder { get; init; }

    public ImageLimits Limits => new() { MaxBytes = MaxImageBytes, MaxPixels = MaxPixels, MaxAspectRatio = MaxAspectRatio };
}
