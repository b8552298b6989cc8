using Classifier.Core.Inference;

namespace Classifier.Pipeline.Monitoring;

/// <summary>One shard's counts for one hour and model.</summary>
public sealed record HourCount(DateTimeOffset Hour, ModelInfo Model, CounterDelta Counts);
