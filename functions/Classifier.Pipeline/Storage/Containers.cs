namespace Classifier.Pipeline.Storage;

/// <summary>The pipeline's blob containers (the Bicep creates the same three).</summary>
public static class Containers
{
    public const string Uploads = "uploads";
    public const string Predictions = "predictions";
    public const string Models = "models";

    /// <summary>The result blob of an upload: predictions/{name}.json.</summary>
    public static string ResultName(string uploadName) => uploadName + ".json";
}
