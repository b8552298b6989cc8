using Classifier.Core.Model;
using Classifier.Pipeline.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Pipeline;

/// <summary>Published versions on a real Azurite: whole or not at all, immutable, listed, loaded verified.</summary>
public sealed class ModelVersionStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private ModelVersionStore Store(string container) => new(azurite.Blobs.GetBlobContainerClient(container), NullLogger.Instance);

    [Fact]
    public async Task A_published_version_is_listed_and_loads_verified_beside_the_built_in_one()
    {
        using var folder = PackageFolder.FromBuiltIn("shoes", "1.0.0");
        File.WriteAllText(folder["README.md"], "# Shoes\n");
        var store = Store("models-listed");

        var outcome = await store.PublishAsync(ModelPackage.Load(folder.Path), CancellationToken.None);
        Assert.False(outcome.AlreadyPublished);
        Assert.Contains(outcome.Manifest.Files, f => f.Path == "README.md");

        var versions = await store.ListAsync(CancellationToken.None);
        Assert.Equal([ModelVersion.BuiltIn, new ModelVersion("shoes", "1.0.0")], versions.Select(v => v.Version));
        Assert.Equal(PackageSource.BuiltIn, versions[0].Source);
        Assert.True(versions[1].Complete);

        var loaded = await store.LoadAsync(new ModelVersion("shoes", "1.0.0"), CancellationToken.None);
        try
        {
            Assert.Equal(PackageSource.Storage, loaded.Source);
            Assert.NotNull(loaded.Manifest);
            Assert.Equal(FileHash.Sha256(folder[ModelPackage.OnnxFileName]), loaded.ModelSha256);
            Assert.Equal("# Shoes\n", File.ReadAllText(Path.Combine(loaded.Directory, "README.md")));
            Assert.Equal(PackageSource.BuiltIn, (await store.LoadAsync(ModelVersion.BuiltIn, CancellationToken.None)).Source);
        }
        finally
        {
            store.Discard(loaded);
        }
        Assert.False(Directory.Exists(loaded.Directory));
        await Assert.ThrowsAsync<ModelVersionNotFoundException>(() => store.LoadAsync(new ModelVersion("shoes", "9.9.9"), CancellationToken.None));
    }

    [Fact]
    public async Task Publishing_the_same_content_again_does_nothing_and_other_content_under_that_version_is_refused()
    {
        using var folder = PackageFolder.FromBuiltIn("bags", "1.0.0");
        var store = Store("models-immutable");
        await store.PublishAsync(ModelPackage.Load(folder.Path), CancellationToken.None);
        var publishedConfidence = folder.Card.MinConfidence;

        Assert.True((await store.PublishAsync(ModelPackage.Load(folder.Path), CancellationToken.None)).AlreadyPublished);

        folder.WriteCard(folder.Card with { MinConfidence = 0.95f });
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => store.PublishAsync(ModelPackage.Load(folder.Path), CancellationToken.None));
        Assert.Contains("bags@1.0.0 is already published with other content (model.json differs)", refused.Message);
        var published = await store.LoadAsync(new ModelVersion("bags", "1.0.0"), CancellationToken.None);
        store.Discard(published);
        Assert.Equal(publishedConfidence, published.Card.MinConfidence); // the published card is untouched
    }

    [Fact]
    public async Task A_version_whose_publish_did_not_finish_is_refused_naming_the_missing_manifest()
    {
        using var folder = PackageFolder.FromBuiltIn("coats", "2.0.0");
        var container = azurite.Blobs.GetBlobContainerClient("models-half");
        await container.CreateIfNotExistsAsync();
        // What an interrupted publish leaves: the files, not the manifest written last.
        foreach (var file in PackageManifest.PackageFiles(folder.Path))
            await container.GetBlobClient("coats/2.0.0/" + file).UploadAsync(folder[file]);
        var store = Store("models-half");

        var refused = await Assert.ThrowsAsync<ModelLoadException>(() => store.LoadAsync(new ModelVersion("coats", "2.0.0"), CancellationToken.None));
        Assert.Equal("models-half/coats/2.0.0/ has no manifest.json: the publish of coats@2.0.0 did not finish, so the version is not complete; run `classifier publish` for it again", refused.Message);
        Assert.False(Assert.Single(await store.ListAsync(CancellationToken.None), v => v.Version.Name == "coats").Complete);
    }

    [Fact]
    public async Task A_published_file_changed_in_storage_is_refused_naming_the_file()
    {
        using var folder = PackageFolder.FromBuiltIn("hats", "1.0.0");
        var store = Store("models-tampered");
        await store.PublishAsync(ModelPackage.Load(folder.Path), CancellationToken.None);
        await azurite.Blobs.GetBlobContainerClient("models-tampered").GetBlobClient("hats/1.0.0/ood-statistics.bin")
            .UploadAsync(BinaryData.FromBytes(new byte[16]), overwrite: true);

        var refused = await Assert.ThrowsAsync<ModelLoadException>(() => store.LoadAsync(new ModelVersion("hats", "1.0.0"), CancellationToken.None));
        Assert.Contains("ood-statistics.bin does not match manifest.json", refused.Message);
        Assert.StartsWith("models-tampered/hats/1.0.0", refused.Message);
    }
}
