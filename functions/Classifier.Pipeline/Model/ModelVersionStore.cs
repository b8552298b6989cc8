using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Classifier.Core.DefaultModel;
using Classifier.Core.Model;
using Microsoft.Extensions.Logging;

namespace Classifier.Pipeline.Model;

/// <summary>
/// The published model versions in the models container, and the one way they are read and written.
/// <code>
/// var store = new ModelVersionStore(blobs.GetBlobContainerClient("models"), logger);
/// var all = await store.ListAsync(ct);                        // built-in, root layout, models/{name}/{version}/
/// var live = await store.LoadAsync(ModelVersion.BuiltIn, ct); // a verified ModelPackage on local disk
/// var next = await store.LoadAsync(ModelVersion.TryParse("pets@1.1.0")!, ct);
/// using var a = ImageClassifier.Load(live); using var b = ImageClassifier.Load(next); // side by side
/// store.Discard(next);                                         // when a loaded version is dropped
/// await store.PublishAsync(ModelPackage.Load(dir), ct);       // immutable: same content again does nothing
/// </code>
/// Layout: <c>{name}/{version}/</c> holds every file of the package and, written last, manifest.json; a
/// folder without it is a publish that did not finish and is refused. Files at the container's root are
/// the layout from before versions, read as one version named by its card. Loading verifies every file
/// against the manifest and the derived files against model.onnx (<see cref="ModelPackage.Load"/>).
/// Unknown versions raise <see cref="ModelVersionNotFoundException"/>, unusable ones <see cref="ModelLoadException"/>.
/// </summary>
public sealed class ModelVersionStore(BlobContainerClient container, ILogger logger)
{
    /// <summary>Where downloaded packages go, one folder per download.</summary>
    public static string DownloadRoot { get; } = Path.Combine(Path.GetTempPath(), "classifier-models");

    public string ContainerName => container.Name;

    /// <summary>The built-in default first, then the root layout when there is one, then each published folder by name and version.</summary>
    public async Task<IReadOnlyList<PublishedVersion>> ListAsync(CancellationToken cancellation)
    {
        var folders = new SortedDictionary<string, (bool Complete, DateTimeOffset? At, long Bytes)>(StringComparer.Ordinal);
        var root = new List<BlobItem>();
        await foreach (var blob in BlobsAsync("", cancellation))
        {
            var parts = blob.Name.Split('/');
            if (parts.Length == 1)
            {
                root.Add(blob);
                continue;
            }
            if (parts.Length < 3)
                continue;
            var prefix = $"{parts[0]}/{parts[1]}/";
            var entry = folders.GetValueOrDefault(prefix);
            var isManifest = parts.Length == 3 && parts[2] == PackageManifest.FileName;
            folders[prefix] = (entry.Complete || isManifest, isManifest ? blob.Properties.LastModified : entry.At, entry.Bytes + (blob.Properties.ContentLength ?? 0));
        }

        var versions = new List<PublishedVersion> { new(ModelVersion.BuiltIn, PackageSource.BuiltIn, null, true, null, 0) };
        if (root.Any(b => b.Name == ModelPackage.CardFileName) && await RootCardAsync(cancellation) is { } card)
        {
            versions.Add(new PublishedVersion(ModelVersion.Of(card), PackageSource.Storage, "", root.Any(b => b.Name == ModelPackage.OnnxFileName),
                root.Max(b => b.Properties.LastModified), root.Sum(b => b.Properties.ContentLength ?? 0)));
        }

        foreach (var (prefix, entry) in folders)
        {
            var parts = prefix.Split('/');
            versions.Add(new PublishedVersion(new ModelVersion(parts[0], parts[1]), PackageSource.Storage, prefix, entry.Complete, entry.At, entry.Bytes));
        }
        return versions;
    }

    /// <summary>
    /// Downloads and verifies one version (the built-in default needs no download). A folder without its
    /// manifest is refused as a publish that did not finish; a name@version found nowhere is not found.
    /// </summary>
    public async Task<ModelPackage> LoadAsync(ModelVersion version, CancellationToken cancellation)
    {
        if (version == ModelVersion.BuiltIn)
            return DefaultModelPackage.Ensure();
        var manifestBlob = container.GetBlobClient(version.Prefix + PackageManifest.FileName);
        if (await ExistsAsync(manifestBlob, cancellation))
        {
            var manifest = PackageManifest.Parse((await manifestBlob.DownloadContentAsync(cancellation)).Value.Content.ToString(), Where(version.Prefix) + PackageManifest.FileName);
            return await DownloadAsync(version.Prefix, manifest.Files.Select(f => f.Path).Append(PackageManifest.FileName).ToList(), cancellation);
        }
        await foreach (var _ in BlobsAsync(version.Prefix, cancellation))
            throw new ModelLoadException($"{Where(version.Prefix)} has no {PackageManifest.FileName}: the publish of {version} did not finish, so the version is not complete; run `classifier publish` for it again");
        if (await RootCardAsync(cancellation) is { } card && ModelVersion.Of(card) == version)
            return await LoadRootAsync(cancellation) ?? throw new ModelVersionNotFoundException(version, container.Name);
        throw new ModelVersionNotFoundException(version, container.Name);
    }

    /// <summary>
    /// The card of one version without downloading its model (the review page's labels): the built-in
    /// default's, a published folder's model.json, or the root layout's when its card names this version.
    /// Null when the version is found nowhere.
    /// </summary>
    public async Task<ModelCard?> CardAsync(ModelVersion version, CancellationToken cancellation)
    {
        if (version == ModelVersion.BuiltIn)
            return ModelCard.Load(Path.Combine(DefaultModelPackage.SourceDirectory, ModelPackage.CardFileName));
        try
        {
            var content = await container.GetBlobClient(version.Prefix + ModelPackage.CardFileName).DownloadContentAsync(cancellation);
            return ModelCard.Parse(content.Value.Content.ToString(), Where(version.Prefix) + ModelPackage.CardFileName);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await RootCardAsync(cancellation) is { } root && ModelVersion.Of(root) == version ? root : null;
        }
    }

    /// <summary>
    /// The package at the container's root (the layout before versions), or null when the root holds no
    /// model at all. A model.onnx without its card is refused: it is never replaced by the built-in model.
    /// </summary>
    public async Task<ModelPackage?> LoadRootAsync(CancellationToken cancellation)
    {
        var names = new List<string>();
        await foreach (var blob in BlobsAsync("", cancellation))
        {
            if (!blob.Name.Contains('/'))
                names.Add(blob.Name);
        }
        var hasCard = names.Contains(ModelPackage.CardFileName);
        if (!hasCard && !names.Contains(ModelPackage.OnnxFileName))
            return null;
        if (!hasCard)
            throw new ModelLoadException($"container '{container.Name}' has {ModelPackage.OnnxFileName} but no {ModelPackage.CardFileName} (the model card): a model is never served without its card, and the built-in model does not stand in for it; upload the card, or publish the package with `classifier publish`");
        if (names.Contains(PackageManifest.FileName))
        {
            var manifestBlob = container.GetBlobClient(PackageManifest.FileName);
            var manifest = PackageManifest.Parse((await manifestBlob.DownloadContentAsync(cancellation)).Value.Content.ToString(), Where("") + PackageManifest.FileName);
            return await DownloadAsync("", manifest.Files.Select(f => f.Path).Append(PackageManifest.FileName).ToList(), cancellation);
        }
        return await DownloadAsync("", PackageManifest.PackageFileNames(names), cancellation);
    }

    /// <summary>
    /// Uploads a checked package to <c>{name}/{version}/</c>: every file, then the manifest, so the version
    /// appears whole or not at all. The same content again does nothing; other content under a published
    /// name@version is refused, since versions are immutable.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(ModelPackage package, CancellationToken cancellation)
    {
        var version = ModelVersion.Of(package.Card);
        if (version.Problem() is { } problem)
            throw new InvalidOperationException($"cannot publish {version}: {problem} (the card's name and version name its folder in storage)");
        if (version == ModelVersion.BuiltIn)
            throw new InvalidOperationException($"{version} is the built-in default's name and version; give your model another name or version in its card");
        var manifest = PackageManifest.Describe(package);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        var manifestBlob = container.GetBlobClient(version.Prefix + PackageManifest.FileName);
        if (await PublishedManifestAsync(manifestBlob, cancellation) is { } existing)
            return SameContent(version, existing, manifest);

        foreach (var file in manifest.Files)
            await container.GetBlobClient(version.Prefix + file.Path).UploadAsync(Path.Combine(package.Directory, file.Path), overwrite: true, cancellation);
        try
        {
            // Written last and only if absent: two publishes of one version cannot both win.
            await manifestBlob.UploadAsync(BinaryData.FromString(manifest.ToJson()),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellation);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return SameContent(version, (await PublishedManifestAsync(manifestBlob, cancellation))!, manifest);
        }
        logger.LogInformation("Published {Version} to container '{Container}': {Files} files", version, container.Name, manifest.Files.Count);
        return new PublishOutcome(version, manifest, AlreadyPublished: false);
    }

    /// <summary>Deletes a downloaded package that is no longer served (or failed to load); the built-in one is left alone.</summary>
    public void Discard(ModelPackage package)
    {
        var folder = Path.GetFullPath(package.Directory);
        if (folder.StartsWith(Path.GetFullPath(DownloadRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            DeleteFolder(folder);
    }

    private static PublishOutcome SameContent(ModelVersion version, PackageManifest published, PackageManifest local)
    {
        var before = published.Files.ToDictionary(f => f.Path, f => f.Sha256);
        var now = local.Files.ToDictionary(f => f.Path, f => f.Sha256);
        var changed = now.Where(f => before.GetValueOrDefault(f.Key) != f.Value).Select(f => before.ContainsKey(f.Key) ? $"{f.Key} differs" : $"{f.Key} is new")
            .Concat(before.Keys.Except(now.Keys).Select(path => $"{path} is gone")).ToList();
        if (changed.Count == 0)
            return new PublishOutcome(version, published, AlreadyPublished: true);
        throw new InvalidOperationException($"{version} is already published with other content ({string.Join(", ", changed)}): published versions never change; give this package a new version in its card (classifier train --model-version)");
    }

    private async Task<PackageManifest?> PublishedManifestAsync(BlobClient manifestBlob, CancellationToken cancellation)
    {
        try
        {
            var content = await manifestBlob.DownloadContentAsync(cancellation);
            return PackageManifest.Parse(content.Value.Content.ToString(), manifestBlob.Name);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private async Task<ModelCard?> RootCardAsync(CancellationToken cancellation)
    {
        try
        {
            var content = await container.GetBlobClient(ModelPackage.CardFileName).DownloadContentAsync(cancellation);
            return ModelCard.Parse(content.Value.Content.ToString(), Where("") + ModelPackage.CardFileName);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (ModelLoadException e)
        {
            logger.LogWarning("The card at the root of container '{Container}' cannot be read: {Reason}", container.Name, e.Message);
            return null;
        }
    }

    /// <summary>Downloads the named files of one folder into a fresh local folder and loads it as a package; nothing is left behind on failure.</summary>
    private async Task<ModelPackage> DownloadAsync(string prefix, IReadOnlyList<string> files, CancellationToken cancellation)
    {
        var directory = Path.Combine(DownloadRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            foreach (var file in files)
            {
                var target = Path.Combine(directory, file);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                try
                {
                    await container.GetBlobClient(prefix + file).DownloadToAsync(target, cancellation);
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // Left out: the package's own check names what is missing.
                }
            }
            ModelPackage package;
            try
            {
                package = ModelPackage.Load(directory, PackageSource.Storage);
            }
            catch (ModelLoadException e)
            {
                throw new ModelLoadException(e.Message.Replace(directory + Path.DirectorySeparatorChar, Where(prefix)).Replace(directory, Where(prefix).TrimEnd(' ', '/')), e);
            }
            foreach (var warning in package.Warnings)
                logger.LogWarning("Model {Version}: {Warning}", package.Label, warning);
            logger.LogInformation("Using model {Name} {Version} from {Where}", package.Card.Name, package.Card.Version, Where(prefix));
            return package;
        }
        catch
        {
            DeleteFolder(directory);
            throw;
        }
    }

    private string Where(string prefix) => prefix.Length == 0 ? $"container '{container.Name}' " : $"{container.Name}/{prefix}";

    private async IAsyncEnumerable<BlobItem> BlobsAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var pages = container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix }, cancellation).GetAsyncEnumerator(cancellation);
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await pages.MoveNextAsync();
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    yield break; // no container: nothing published
                }
                if (!more)
                    yield break;
                yield return pages.Current;
            }
        }
        finally
        {
            await pages.DisposeAsync();
        }
    }

    private static async Task<bool> ExistsAsync(BlobClient blob, CancellationToken cancellation)
    {
        try
        {
            return await blob.ExistsAsync(cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return false;
        }
    }

    private void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Could not delete the model download {Folder}: {Reason}", folder, e.Message);
        }
    }
}
