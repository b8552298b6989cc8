namespace Classifier.Pipeline.Model;

/// <summary>A name@version that is neither published nor the built-in default (the deployment routes answer 400).</summary>
public sealed class ModelVersionNotFoundException(ModelVersion version, string container)
    : Exception($"{version} is not published in container '{container}' (classifier versions lists what is)")
{
    public ModelVersion Version { get; } = version;
}
