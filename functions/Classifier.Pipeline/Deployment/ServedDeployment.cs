namespace Classifier.Pipeline.Deployment;

/// <summary>One applied record and its loaded models; replaced whole when the record changes.</summary>
public sealed record ServedDeployment(DeploymentRecord Record, ServedModel Live, ServedModel? Candidate)
{
    /// <summary>
    /// The models for a request with this sticky key (blob name or client): in canary mode the key's bucket
    /// decides who answers; in shadow mode live answers and a <paramref name="shadowShare"/> of keys is also
    /// scored by the candidate. Null when a model was freed meanwhile (a newer record is in place: ask again).
    /// </summary>
    public ModelChoice? TryChoose(string stickyKey, double shadowShare)
    {
        var canary = Record.Mode == DeploymentMode.Canary && Candidate is not null && StableBucket.Of(stickyKey) < Record.CanaryPercent;
        if ((canary ? Candidate! : Live).TryUse() is not { } answer)
            return null;
        ServedModel.Use? shadow = null;
        if (Record.Mode == DeploymentMode.Shadow && Candidate is not null && StableBucket.Of(stickyKey, "shadow") < shadowShare * 100)
        {
            shadow = Candidate.TryUse();
            if (shadow is null)
            {
                answer.Dispose();
                return null;
            }
        }
        return new ModelChoice(answer, shadow, Record);
    }
}
