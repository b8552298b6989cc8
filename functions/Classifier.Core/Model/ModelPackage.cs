namespace Classifier.Core.Model;

/// <summary>
/// A model package on disk, checked as one unit: a folder holding <c>model.onnx</c>, its card <c>model.json</c>,
/// the files the card names, derived files (the int8 twin, the out-of-domain statistics) made from this very
/// model.onnx, and, when published, <c>manifest.json</c> with every file's SHA-256. Anything that does not
/// fit is refused with the file it is about; nothing falls back to another model.
/// </summary>
public sealed record ModelPackage(string Directory, ModelCard Card)
{
    public const string OnnxFileName = "model.onnx";
    public const string CardFileName = "model.json";
    /// <summary>The package's int8 twin of model.onnx (written by <c>classifier quantize</c>), when it has one.</summary>
    public const string Int8OnnxFileName = "model.int8.onnx";
    /// <summary>A package's own model page, shown by the site's /model/ page when present.</summary>
    public const string ReadmeFileName = "README.md";

    private string? _modelSha256;

    public PackageSource Source { get; init; } = PackageSource.Folder;
    /// <summary>The verified manifest, when the package has one (every published version does).</summary>
    public PackageManifest? Manifest { get; init; }
    /// <summary>What is usable but worth saying (for <c>classifier check</c> and the log), such as statistics that record no source model.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public string OnnxPath => Path.Combine(Directory, OnnxFileName);
    public string Int8OnnxPath => Path.Combine(Directory, Int8OnnxFileName);
    public bool HasInt8 => File.Exists(Int8OnnxPath);
    public string Label => $"{Card.Name}@{Card.Version}";

    /// <summary>SHA-256 of model.onnx: from the verified manifest, else hashed on first use.</summary>
    public string ModelSha256 => _modelSha256 ??= Manifest?.ModelSha256 is { Length: 64 } known ? known : FileHash.Sha256(OnnxPath);

    /// <summary>SHA-256 of one of the package's files: model.onnx's as above, another's from the verified manifest, else hashed now.</summary>
    public string Sha256Of(string path) =>
        Path.GetFullPath(path) == OnnxPath ? ModelSha256
        : Manifest?.Find(Path.GetRelativePath(Directory, path).Replace('\\', '/')) is { Sha256.Length: 64 } listed ? listed.Sha256
        : FileHash.Sha256(path);

    /// <summary>The file to serve: the int8 model when asked for and present, else model.onnx.</summary>
    public string OnnxPathFor(ModelPrecision precision) => precision == ModelPrecision.Int8 && HasInt8 ? Int8OnnxPath : OnnxPath;

    /// <summary>Loads and checks a package; every problem found is in the one <see cref="ModelLoadException"/>.</summary>
    public static ModelPackage Load(string directory, PackageSource source = PackageSource.Folder) => Load(directory, source, checkDerived: source != PackageSource.BuiltIn);

    /// <summary>
    /// Loads a package whose derived files are about to be made again (<c>classifier quantize</c>,
    /// <c>classifier calibrate</c>): a stale twin or statistics file must not stop its own replacement.
    /// </summary>
    public static ModelPackage LoadForRebuild(string directory) => Load(directory, PackageSource.Folder, checkDerived: false);

    private static ModelPackage Load(string directory, PackageSource source, bool checkDerived)
    {
        var dir = Path.GetFullPath(directory);
        if (File.Exists(dir)) // a common slip: the path of model.onnx or model.json itself
            throw new ModelLoadException($"{dir} is a file: give the folder that holds {OnnxFileName} and {CardFileName} ({Path.GetDirectoryName(dir)})");
        if (!System.IO.Directory.Exists(dir))
            throw new ModelLoadException($"model folder not found: {dir}");
        var cardPath = Path.Combine(dir, CardFileName);
        var onnxPath = Path.Combine(dir, OnnxFileName);
        if (!File.Exists(cardPath))
        {
            throw new ModelLoadException(File.Exists(onnxPath)
                ? $"{dir} has {OnnxFileName} but no {CardFileName} (the model card): a model is never served without its card, which says how to feed it and what its outputs mean; write one (docs/model-card.md)"
                : $"{dir} has no {CardFileName} (the model card)");
        }

        var card = ModelCard.Load(cardPath);
        if (!File.Exists(onnxPath))
            throw new ModelLoadException($"{dir} has {CardFileName} ({card.Name} {card.Version}) but no {OnnxFileName}");
        OnnxFileCheck.Check(onnxPath);

        var problems = new List<string>();
        var manifestPath = Path.Combine(dir, PackageManifest.FileName);
        PackageManifest? manifest = null;
        if (File.Exists(manifestPath))
        {
            manifest = PackageManifest.Parse(File.ReadAllText(manifestPath), manifestPath);
            problems.AddRange(ManifestProblems(dir, card, manifest));
        }
        problems.AddRange(MissingNamedFiles(dir, card));
        var package = new ModelPackage(dir, card) { Source = source, Manifest = problems.Count == 0 ? manifest : null };
        var warnings = new List<string>();
        if (checkDerived && problems.Count == 0)
            DerivedFiles.Check(package, problems, warnings);
        if (problems.Count > 0)
            throw new ModelLoadException($"{dir}: the package cannot be served: {string.Join("; ", problems)}");
        return package with { Warnings = warnings };
    }

    /// <summary>Every listed file present with the listed length and SHA-256, and the manifest about this card's model.</summary>
    private static IEnumerable<string> ManifestProblems(string dir, ModelCard card, PackageManifest manifest)
    {
        if (manifest.Name != card.Name || manifest.Version != card.Version)
            yield return $"{PackageManifest.FileName} is for {manifest.Name}@{manifest.Version} but {CardFileName} says {card.Name}@{card.Version}";
        foreach (var file in manifest.Files)
        {
            var path = Path.Combine(dir, file.Path);
            if (!File.Exists(path))
                yield return $"{PackageManifest.FileName} lists {file.Path}, which is missing (a half-copied package?)";
            else if (new FileInfo(path).Length != file.Bytes || FileHash.Sha256(path) is var sha && sha != file.Sha256)
                yield return $"{file.Path} does not match {PackageManifest.FileName} (its SHA-256 should be {FileHash.Short(file.Sha256)}...): it changed after the package was published";
        }
        if (manifest.Find(OnnxFileName) is not { } onnx)
            yield return $"{PackageManifest.FileName} does not list {OnnxFileName}";
        else if (onnx.Sha256 != manifest.ModelSha256)
            yield return $"{PackageManifest.FileName}: modelSha256 is not the SHA-256 it lists for {OnnxFileName}";
    }

    /// <summary>Files the card names that are not there: the out-of-domain statistics.</summary>
    private static IEnumerable<string> MissingNamedFiles(string dir, ModelCard card)
    {
        if (card.OutOfDomain?.Statistics is { Length: > 0 } statistics && PackageManifest.IsSafePath(statistics) && !File.Exists(Path.Combine(dir, statistics)))
            yield return $"{CardFileName} field 'outOfDomain.statistics' names \"{statistics}\", which is not in the package";
    }
}
