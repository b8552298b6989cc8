using System.Security.Cryptography;
using Classifier.Core.Model;
using Classifier.Core.Quantization;

namespace Classifier.Core.DefaultModel;

/// <summary>
/// The built-in model: the committed card and head (model/default/, copied next to the assemblies) merged
/// with the NuGet backbone into model.onnx on first use, so a fresh clone classifies with no download.
/// A published app carries the merged file already; a stamp (a hash of the head and of the assembler's
/// layout) tells when to rebuild.
/// </summary>
public static class DefaultModelPackage
{
    public const string BackboneFileName = "backbone.onnx";

    /// <summary>Beside model.onnx: the hash of the head it was merged with, so a changed head means a new merge.</summary>
    public const string StampSuffix = ".sha256";
    private static readonly Lock Gate = new();

    /// <summary>Where the build copies the committed card and head.</summary>
    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "model", "default");

    /// <summary>The default model package, merged now if it is missing or older than its head.</summary>
    public static ModelPackage Ensure() => Ensure(SourceDirectory);

    public static ModelPackage Ensure(string sourceDirectory)
    {
        var headPath = Path.Combine(sourceDirectory, LinearHead.FileName);
        var cardPath = Path.Combine(sourceDirectory, ModelPackage.CardFileName);
        if (!File.Exists(headPath) || !File.Exists(cardPath))
            throw new ModelLoadException($"the default model's {LinearHead.FileName} and {ModelPackage.CardFileName} are missing from {sourceDirectory}");

        var stamp = Hash([.. System.Text.Encoding.UTF8.GetBytes(ModelAssembler.Layout), .. File.ReadAllBytes(headPath)]);
        // The int8 twin is rebuilt when the float model, the committed ranges or the quantizer change.
        var rangesPath = Path.Combine(sourceDirectory, ActivationRanges.FileName);
        var int8Stamp = File.Exists(rangesPath)
            ? Hash([.. System.Text.Encoding.UTF8.GetBytes(stamp + QdqGraph.Layout), .. File.ReadAllBytes(rangesPath)])
            : null;
        lock (Gate)
        {
            // A published app's folder is read-only and has no backbone parts: use its merged model as is.
            if (IsReady(sourceDirectory, stamp, int8Stamp))
                return ModelPackage.Load(sourceDirectory, PackageSource.BuiltIn);
            var directory = WritableOrTemp(sourceDirectory, stamp);
            if (directory != sourceDirectory)
            {
                File.Copy(cardPath, Path.Combine(directory, ModelPackage.CardFileName), overwrite: true);
                foreach (var file in CompanionFiles(cardPath))
                    File.Copy(Path.Combine(sourceDirectory, file), Path.Combine(directory, file), overwrite: true);
            }
            var onnx = Path.Combine(directory, ModelPackage.OnnxFileName);
            if (!IsStamped(onnx, stamp))
            {
                ModelAssembler.Build(BackboneParts.InAppDirectory(), LinearHead.Load(headPath), onnx);
                File.WriteAllText(onnx + StampSuffix, stamp);
            }
            var int8 = Path.Combine(directory, ModelPackage.Int8OnnxFileName);
            if (int8Stamp is not null && !IsStamped(int8, int8Stamp))
            {
                Int8Model.Write(onnx, ActivationRanges.Load(rangesPath), int8);
                File.WriteAllText(int8 + StampSuffix, int8Stamp);
            }
            return ModelPackage.Load(directory, PackageSource.BuiltIn);
        }
    }

    /// <summary>Files the card names beside itself (the out-of-domain statistics), which travel with it.</summary>
    public static IEnumerable<string> CompanionFiles(string cardPath) =>
        ModelCard.Load(cardPath).OutOfDomain?.Statistics is { } statistics ? [statistics] : [];

    /// <summary>True when the folder holds a model.onnx merged from exactly this head (and its int8 twin from these ranges).</summary>
    private static bool IsReady(string directory, string stamp, string? int8Stamp)
    {
        var onnx = Path.Combine(directory, ModelPackage.OnnxFileName);
        return File.Exists(Path.Combine(directory, ModelPackage.CardFileName)) && IsStamped(onnx, stamp)
            && (int8Stamp is null || IsStamped(Path.Combine(directory, ModelPackage.Int8OnnxFileName), int8Stamp));
    }

    private static bool IsStamped(string onnx, string stamp) =>
        File.Exists(onnx) && File.Exists(onnx + StampSuffix) && File.ReadAllText(onnx + StampSuffix).Trim() == stamp;

    /// <summary>A features-only model (no head): what training extracts features with.</summary>
    public static string EnsureBackbone()
    {
        lock (Gate)
        {
            var directory = WritableOrTemp(SourceDirectory, "backbone");
            var path = Path.Combine(directory, BackboneFileName);
            if (!IsStamped(path, ModelAssembler.Layout))
            {
                ModelAssembler.Build(BackboneParts.InAppDirectory(), head: null, path);
                File.WriteAllText(path + StampSuffix, ModelAssembler.Layout);
            }
            return path;
        }
    }

    /// <summary>Writes into the app's folder when it can (locally), else into a temp folder (a read-only deployment).</summary>
    private static string WritableOrTemp(string preferred, string key)
    {
        try
        {
            Directory.CreateDirectory(preferred);
            var probe = Path.Combine(preferred, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return preferred;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var temp = Path.Combine(Path.GetTempPath(), "classifier-default-model", key[..Math.Min(12, key.Length)]);
            Directory.CreateDirectory(temp);
            return temp;
        }
    }

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
