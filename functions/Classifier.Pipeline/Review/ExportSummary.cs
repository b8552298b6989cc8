namespace Classifier.Pipeline.Review;

/// <summary>What an export wrote: images per label folder, and the reviewed uploads no longer in storage.</summary>
public sealed record ExportSummary(IReadOnlyDictionary<string, int> ImagesPerLabel, IReadOnlyList<string> Missing);
