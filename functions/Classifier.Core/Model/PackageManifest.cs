using System.Text.Json;
using System.Text.Json.Serialization;

namespace Classifier.Core.Model;

/// <summary>
/// manifest.json beside model.json: every file of the package with its SHA-256, so a package is one verified
/// unit. <c>classifier publish</c> writes it last (a version without it is not published yet); a package
/// that has one is refused when any listed file is missing or differs.
/// </summary>
public sealed record PackageManifest
{
    public const string FileName = "manifest.json";

    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    /// <summary>SHA-256 of model.onnx (also in <see cref="Files"/>): the key derived files and caches are stamped with.</summary>
    public string ModelSha256 { get; init; } = "";
    public IReadOnlyList<PackageFile> Files { get; init; } = [];

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public PackageFile? Find(string path) => Files.FirstOrDefault(f => f.Path == path);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static PackageManifest Parse(string json, string source)
    {
        PackageManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<PackageManifest>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new ModelLoadException($"{source}: not a package manifest ({e.Message.Split(". ")[0]})");
        }
        if (manifest is null || manifest.Files is not { Count: > 0 } || manifest.Files.Any(f => string.IsNullOrWhiteSpace(f.Path) || f.Sha256 is not { Length: 64 }))
            throw new ModelLoadException($"{source}: not a package manifest (it needs a list of files, each with its path and SHA-256)");
        if (manifest.Files.Any(f => !IsSafePath(f.Path)))
            throw new ModelLoadException($"{source}: a listed file lies outside the package ({manifest.Files.First(f => !IsSafePath(f.Path)).Path})");
        return manifest;
    }

    /// <summary>
    /// The manifest of a package folder as it is now: every package file hashed (caches, stamps and hidden
    /// files left out), each derived file carrying the model hash it records.
    /// </summary>
    public static PackageManifest Describe(ModelPackage package)
    {
        var modelSha = package.ModelSha256;
        var files = PackageFiles(package.Directory).Select(path =>
        {
            var full = System.IO.Path.Combine(package.Directory, path);
            return new PackageFile(path, FileHash.Sha256(full), new FileInfo(full).Length, DerivedFiles.RecordedSource(package, path));
        }).ToList();
        return new PackageManifest { Name = package.Card.Name, Version = package.Card.Version, ModelSha256 = modelSha, Files = files };
    }

    /// <summary>The files a package consists of, relative to its folder with '/' between folders, in a stable order.</summary>
    public static IReadOnlyList<string> PackageFiles(string directory) =>
        System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(IsPackageFile)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Of some file names (say, blobs in storage), those that belong to a package.</summary>
    public static IReadOnlyList<string> PackageFileNames(IEnumerable<string> names) => names.Where(IsPackageFile).Order(StringComparer.Ordinal).ToList();

    /// <summary>Not the manifest itself, nor what a load leaves beside a model: the optimised-graph cache, stamps, scratch files, hidden files.</summary>
    private static bool IsPackageFile(string relative) =>
        relative != FileName
        && !relative.Split('/').Any(part => part.StartsWith('.'))
        && !relative.Contains(".ort-opt.onnx", StringComparison.Ordinal)
        && !relative.EndsWith(".sha256", StringComparison.Ordinal)
        && !relative.EndsWith(".tmp", StringComparison.Ordinal);

    internal static bool IsSafePath(string path) =>
        !System.IO.Path.IsPathRooted(path) && !path.Contains('\\') && path.Split('/').All(part => part.Length > 0 && part != "." && part != "..");
}
