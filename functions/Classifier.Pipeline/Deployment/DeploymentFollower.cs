using Classifier.Core.Inference;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// Keeps this instance on the deployment record: reads it every <see cref="DeploymentSettings.PollInterval"/>
/// in the background (never on a request's path), loads the versions it names (live, and the candidate while
/// there is one) and swaps them in without a restart. A record that cannot be read, or a version that cannot
/// be loaded, leaves the last applied one standing. With no record, the model source's version serves alone.
/// </summary>
public sealed class DeploymentFollower(
    DeploymentStore? store,
    ModelSource source,
    ClassifierHolder holder,
    PipelineSettings pipeline,
    DeploymentSettings settings,
    ShadowComparisons shadows,
    ILogger<DeploymentFollower> logger) : BackgroundService
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private ServedDeployment? _current;
    private ServedModel? _sourceModel;
    private string? _failedETag;
    private bool _readFailing;

    /// <summary>The applied record and its models, or null while the app has no record.</summary>
    public ServedDeployment? Current => Volatile.Read(ref _current);

    /// <summary>Raised after each applied change (tests and the comparison counters listen).</summary>
    public event Action<ServedDeployment?>? Applied;

    /// <summary>
    /// The models for one request (see <see cref="ServedDeployment.TryChoose"/>); the model source's version
    /// when there is no record. Uploads are shadowed at the record's share, direct predictions at
    /// <see cref="DeploymentSettings.PredictShadowShare"/>.
    /// </summary>
    public async Task<ModelChoice> ChooseAsync(string stickyKey, bool upload, CancellationToken cancellation)
    {
        while (true)
        {
            if (Current is not { } deployment)
                return new ModelChoice((await SourceModelAsync(cancellation)).TryUse()!, null, null);
            if (deployment.TryChoose(stickyKey, upload ? deployment.Record.ShadowShare : settings.PredictShadowShare) is { } choice)
                return choice;
        }
    }

    /// <summary>The live model alone (for /api/model), whatever the canary would pick.</summary>
    public async Task<ServedModel.Use> LiveAsync(CancellationToken cancellation)
    {
        while (Current is { } deployment)
        {
            if (deployment.Live.TryUse() is { } use)
                return use;
        }
        return (await SourceModelAsync(cancellation)).TryUse()!;
    }

    /// <summary>The card of <paramref name="version"/> when this instance has it loaded (live, candidate or the model source's), else null.</summary>
    public Core.Model.ModelCard? LoadedCard(ModelVersion version)
    {
        var current = Current;
        foreach (var model in new[] { current?.Live, current?.Candidate, Volatile.Read(ref _sourceModel) })
        {
            if (model?.Version == version)
                return model.Classifier.Card;
        }
        return null;
    }

    /// <summary>Reads the record now and applies it if it changed; false when it could not be read or loaded (the last one stands).</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellation)
    {
        if (store is null)
            return true;
        await _refreshing.WaitAsync(cancellation);
        try
        {
            DeploymentRecord? record;
            try
            {
                record = await store.ReadAsync(cancellation);
                if (_readFailing)
                    logger.LogInformation("The deployment record can be read again");
                _readFailing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!_readFailing)
                    logger.LogWarning("The deployment record cannot be read ({Reason}); the last known record stands", e.Message);
                _readFailing = true;
                return false;
            }
            var current = Current;
            if (record is null || record.ETag == current?.Record.ETag)
                return true;
            ServedDeployment next;
            try
            {
                var live = await ServeAsync(record.Live, cancellation);
                var candidate = record.Candidate is { } c ? await ServeAsync(c, cancellation) : null;
                next = new ServedDeployment(record, live, candidate);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Without published versions (./run.sh --model DIR, Classifier__ModelContainer empty) this is a choice, not a fault.
                if (_failedETag != record.ETag && source.Versions is null)
                {
                    logger.LogWarning("The deployment record names {Live} (candidate {Candidate}), but this instance reads no published versions " +
                        "(Classifier__ModelFolder is set or Classifier__ModelContainer is empty): it serves its configured model and does not follow the record",
                        record.Live, record.Candidate?.ToString() ?? "none");
                }
                else if (_failedETag != record.ETag)
                {
                    logger.LogError(e, "Deployment record {Live} / {Candidate} cannot be applied; the last one stands", record.Live, record.Candidate);
                }
                _failedETag = record.ETag;
                return false;
            }
            Volatile.Write(ref _current, next);
            foreach (var old in new[] { current?.Live, current?.Candidate })
            {
                if (old is not null && old != next.Live && old != next.Candidate && old != _sourceModel)
                    old.Retire();
            }
            logger.LogInformation("Deployment applied: live {Live}, candidate {Candidate}, mode {Mode}, canary {Percent} %",
                record.Live, record.Candidate?.ToString() ?? "none", record.Mode, record.CanaryPercent);
            Applied?.Invoke(next);
            return true;
        }
        finally
        {
            _refreshing.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is null)
            return;
        using var timer = new PeriodicTimer(settings.PollInterval);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken);
                await shadows.FlushAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _current, null) is { } last)
        {
            foreach (var model in new[] { last.Live, last.Candidate })
            {
                if (model is not null && model != _sourceModel)
                    model.Retire();
            }
        }
        base.Dispose();
    }

    /// <summary>A version already loaded here, the model source's own, or one downloaded from the published versions.</summary>
    private async Task<ServedModel> ServeAsync(ModelVersion version, CancellationToken cancellation)
    {
        if (Current is { } current && (current.Live.Version == version ? current.Live : current.Candidate?.Version == version ? current.Candidate : null) is { } loaded)
            return loaded;
        var versions = source.Versions;
        ServedModel? sourceModel;
        try
        {
            sourceModel = await SourceModelAsync(cancellation);
        }
        catch (ModelUnavailableException) when (versions is not null)
        {
            // The configured model does not load: a record naming a published version still serves that one.
            sourceModel = null;
        }
        if (sourceModel?.Version == version)
            return sourceModel;
        if (versions is null)
            throw new InvalidOperationException("no models container to load published versions from");
        var package = await versions.LoadAsync(version, cancellation);
        try
        {
            var classifier = ImageClassifier.Load(package, pipeline.Classifier);
            logger.LogInformation("Loaded {Version} beside the live model", version);
            return new ServedModel(version, classifier, owned: true, _ => versions.Discard(package));
        }
        catch
        {
            versions.Discard(package);
            throw;
        }
    }

    /// <summary>The holder's model (what the app serves with no record), never freed by a change.</summary>
    private async Task<ServedModel> SourceModelAsync(CancellationToken cancellation)
    {
        if (_sourceModel is { } known)
            return known;
        var classifier = await holder.GetAsync(cancellation);
        var model = new ServedModel(new ModelVersion(classifier.Info.Name, classifier.Info.Version), classifier, owned: false);
        return Interlocked.CompareExchange(ref _sourceModel, model, null) ?? model;
    }
}
