namespace Classifier.Pipeline.Deployment;

/// <summary>
/// Which model answers one request and which (if any) scores it in the background; holds both until
/// disposed. The answer's <c>model</c> field names the version that gave it.
/// </summary>
public sealed class ModelChoice(ServedModel.Use answer, ServedModel.Use? shadow, DeploymentRecord? record) : IDisposable
{
    public ServedModel.Use Answer { get; } = answer;

    /// <summary>The candidate in shadow mode when this request is in its share; the caller hands it on (and disposes it) when the answer is out.</summary>
    public ServedModel.Use? Shadow { get; private set; } = shadow;

    public DeploymentRecord? Record { get; } = record;

    /// <summary>Takes the shadow use out of this choice, so it outlives the request.</summary>
    public ServedModel.Use? TakeShadow()
    {
        var shadow = Shadow;
        Shadow = null;
        return shadow;
    }

    public void Dispose()
    {
        Answer.Dispose();
        Shadow?.Dispose();
    }
}
