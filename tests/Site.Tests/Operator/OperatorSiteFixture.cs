using Classifier.Core.DefaultModel;
using Classifier.Core.Inference;
using Classifier.Core.Model;
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
    private static readonly Lazy<ImageClassifier> Model = new(() =>
    {
        var package = DefaultModelPackage.Ensure();
        var card = package.Card with
        {
            Version = "review-test",
            MinConfidence = 1.001f, // a softmax can round to exactly 1.0: stay above it
            Baseline = new ModelBaseline
            {
                LabelShares = package.Card.Labels.ToDictionary(l => l, _ => 0.1f),
                UncertainRate = 0.05f,
                OutOfDomainRate = 0.05f,
                MeanConfidence = 0.9f,
            },
        };
        return ImageClassifier.Load(package with { Card = card }, new ClassifierOptions { IntraOpThreads = 2 });
    });

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
