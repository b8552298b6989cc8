using Classifier.Pipeline;
using Classifier.Pipeline.Deployment;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Classifier.Cli.Commands;

/// <summary>
/// The app's deployment seen from the command line, on its own storage (<see cref="CliStorage"/>): the record
/// and its service, the published versions and the reviewed production images. `rollout` and `compare` share it.
/// </summary>
internal sealed class CliDeployment
{
    private readonly CliStorage _storage;

    public CliDeployment(string? storage)
    {
        _storage = new CliStorage(storage);
        var tables = _storage.Tables();
        Versions = new ModelVersionStore(_storage.Blobs().GetBlobContainerClient(PipelineSettings.DefaultModelContainer), NullLogger.Instance);
        Reviews = new ReviewQueue(tables);
        Settings = DeploymentSettings.From(_storage.Configuration);
        Service = new DeploymentService(new DeploymentStore(new LazyTable(() => tables, DeploymentStore.TableName)), Versions, Settings, TimeProvider.System);
    }

    /// <summary>The Deployment__* settings from the environment, as the app reads them (the gate's Deployment__MinReviewed).</summary>
    public DeploymentSettings Settings { get; }

    public ModelVersionStore Versions { get; }
    public ReviewQueue Reviews { get; }
    public DeploymentService Service { get; }

    /// <summary>The reviewed uploads, as export-reviews reads them; <paramref name="missing"/> is told of each one no longer stored.</summary>
    public IAsyncEnumerable<LabelledImage> ReviewedImages(CancellationToken cancellation, Action<string>? missing = null) =>
        Pipeline.Deployment.ReviewedImages.ReadAsync(Reviews, _storage.Blobs(), cancellation, missing);

    /// <summary>With no record, the app serves the root layout's version if there is one, else the built-in.</summary>
    public async Task<ModelVersion> InitialLiveAsync(CancellationToken cancellation) =>
        (await Versions.ListAsync(cancellation)).FirstOrDefault(v => v.IsRootLayout)?.Version ?? ModelVersion.BuiltIn;
}
