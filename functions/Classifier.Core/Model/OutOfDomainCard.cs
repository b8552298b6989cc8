namespace Classifier.Core.Model;

/// <summary>
/// The card's out-of-domain section: which score, the threshold over which an image is "out-of-domain",
/// and the file (beside model.json) with the statistics the score needs. Written by train and calibrate.
/// </summary>
public sealed record OutOfDomainCard
{
    public string Method { get; init; } = "";
    public float Threshold { get; init; }
    /// <summary>File name, relative to the package folder, of the statistics the method needs.</summary>
    public string? Statistics { get; init; }
    /// <summary>Share of in-domain validation images under the threshold when it was calibrated (e.g. 0.95).</summary>
    public float? CalibratedQuantile { get; init; }
    /// <summary>SHA-256 of the model.onnx the statistics were measured on; statistics of another model are refused.</summary>
    public string? ModelSha256 { get; init; }
}
