using Classifier.Core.DefaultModel;
using Classifier.Core.Model;

namespace TestSupport;

/// <summary>
/// A user's package in a temp folder, made from the real built-in model under another name and version
/// (model.onnx, the card, the out-of-domain statistics); deleted on dispose.
/// </summary>
public sealed class PackageFolder : IDisposable
{
    private PackageFolder(string path) => Path = path;

    public string Path { get; }

    public string this[string file] => System.IO.Path.Combine(Path, file);

    public ModelCard Card => ModelCard.Load(this[ModelPackage.CardFileName]);

    /// <summary>An empty temp folder, deleted on dispose.</summary>
    public static PackageFolder Empty() => new(Directory.CreateTempSubdirectory("classifier-package-").FullName);

    public static PackageFolder FromBuiltIn(string name, string version, string? description = null)
    {
        var builtIn = DefaultModelPackage.Ensure();
        var folder = Empty();
        File.Copy(builtIn.OnnxPath, folder[ModelPackage.OnnxFileName]);
        foreach (var file in DefaultModelPackage.CompanionFiles(System.IO.Path.Combine(builtIn.Directory, ModelPackage.CardFileName)))
            File.Copy(System.IO.Path.Combine(builtIn.Directory, file), folder[file]);
        var card = builtIn.Card with { Name = name, Version = version, Description = description ?? builtIn.Card.Description };
        if (card.OutOfDomain is { } ood)
            card = card with { OutOfDomain = ood with { ModelSha256 = FileHash.Sha256(builtIn.OnnxPath) } };
        folder.WriteCard(card);
        return folder;
    }

    /// <summary>The same network under other label names (a candidate whose labels differ from live's), its baseline renamed alike.</summary>
    public void RenameLabels(Func<string, string> rename)
    {
        var card = Card;
        WriteCard(card with
        {
            Labels = card.Labels.Select(rename).ToList(),
            Baseline = card.Baseline is { } baseline ? baseline with { LabelShares = baseline.LabelShares.ToDictionary(p => rename(p.Key), p => p.Value) } : null,
        });
    }

    public void WriteCard(ModelCard card) => File.WriteAllText(this[ModelPackage.CardFileName], card.ToJson() + "\n");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
