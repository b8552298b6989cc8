using Classifier.Core.Inference;

namespace Classifier.Pipeline.Blobs;

/// <summary>What one run of the blob step did: the upload's name, the result's status, and whether this run stored it.</summary>
public sealed record UploadOutcome(string Name, PredictionStatus Status, bool Stored = true);
