namespace Classifier.Pipeline.Blobs;

/// <summary>Where an upload stands: its stored result, still waiting for one, or unknown.</summary>
public abstract record PredictionState
{
    public sealed record Done(string Json) : PredictionState;
    public sealed record Pending : PredictionState;
    public sealed record Unknown : PredictionState;
}
