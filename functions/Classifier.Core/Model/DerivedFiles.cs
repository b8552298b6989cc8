namespace Classifier.Core.Model;

/// <summary>
/// Files made from a package's model.onnx record its SHA-256, so one left over from another model is never
/// served: the int8 twin in its ONNX metadata (it may be copied on its own), the out-of-domain statistics in
/// the card's <c>outOfDomain.modelSha256</c> (the card names them and is written with them).
/// </summary>
public static class DerivedFiles
{
    /// <summary>The int8 twin's metadata entry holding the SHA-256 of the model.onnx it was quantized from.</summary>
    public const string SourceMetadataKey = "classifier.source-sha256";

    /// <summary>The model hash a derived file of the package records; null for a file that is not derived or records none.</summary>
    public static string? RecordedSource(ModelPackage package, string relativePath)
    {
        if (relativePath == ModelPackage.Int8OnnxFileName)
            return OnnxFileCheck.Check(Path.Combine(package.Directory, relativePath)).GetValueOrDefault(SourceMetadataKey);
        if (package.Card.OutOfDomain is { Statistics: { } statistics } section && statistics == relativePath)
            return section.ModelSha256;
        return null;
    }

    internal static void Check(ModelPackage package, List<string> problems, List<string> warnings)
    {
        var folder = package.Directory;
        if (package.HasInt8)
        {
            var recorded = RecordedSource(package, ModelPackage.Int8OnnxFileName);
            if (recorded is null)
                problems.Add($"{ModelPackage.Int8OnnxFileName} does not record which {ModelPackage.OnnxFileName} it was made from (an older classifier quantize made it), so it may be another model's: run `classifier quantize --model {folder}` again, or delete it to serve {ModelPackage.OnnxFileName}");
            else if (recorded != package.ModelSha256)
                problems.Add($"{ModelPackage.Int8OnnxFileName} was made from another {ModelPackage.OnnxFileName} (SHA-256 {FileHash.Short(recorded)}..., this one is {FileHash.Short(package.ModelSha256)}...) and would answer as that model: run `classifier quantize --model {folder}` again, or delete it");
        }
        if (package.Card.OutOfDomain is { Statistics: { } statistics } section)
        {
            if (section.ModelSha256 is null)
                warnings.Add($"{statistics} does not record which {ModelPackage.OnnxFileName} it was measured on (an older classifier calibrate made it); `classifier calibrate --model {folder}` records it");
            else if (section.ModelSha256 != package.ModelSha256)
                problems.Add($"{statistics} was measured on another {ModelPackage.OnnxFileName} (SHA-256 {FileHash.Short(section.ModelSha256)}..., this one is {FileHash.Short(package.ModelSha256)}...): run `classifier calibrate --model {folder}` again");
        }
    }
}
