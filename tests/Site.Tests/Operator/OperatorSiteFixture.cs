using Classifier.Core.Inference;
using Classifier.LocalRunner;
using Site.Tests.EndToEnd;

namespace Site.Tests.Operator;

/// <summary>
/// The real site on the local runner and a private Azurite, with the real model asking for more than
/// certainty (no picture is "confident": clothing is uncertain, anything else out-of-domain, so every
/// one is queued) and a card baseline (so drift is drawn).
/// </summary>
public sealed class OperatorSiteFixture : BrowserSiteFixture
{
    // A softmax can round to exactly 1.0: stay above it, so nothing is "confident".
    private static readonly Lazy<ImageClassifier> Model = new(() => BaselineModel.Load("review-test", minConfidence: 1.001f));

    public string SiteRoot { get; } = Directory.CreateTempSubdirectory("operator-site-").FullName;

    public LocalRunner Runner => Server.Runner;

    public static ImageClassifier Classifier => Model.Value;

    protected override async Task<LocalRunnerServer> StartServerAsync()
    {
        LocalRunnerFixture.BuildRealSite(SiteRoot);
        return await LocalRunnerServer.StartAsync(new RunnerOptions { SiteRoot = SiteRoot, ConfigureServices = HostServices.Serving(Model.Value) });
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        LocalRunnerFixture.DeleteRealSite(SiteRoot);
    }
}
