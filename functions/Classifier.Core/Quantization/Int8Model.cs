using Google.Protobuf;
using Onnx;

namespace Classifier.Core.Quantization;

/// <summary>Reads a float model.onnx, quantizes it with measured ranges and writes the int8 twin in one move.</summary>
public static class Int8Model
{
    public static ModelProto ReadPrepared(string fp32Path) => QdqGraph.Prepare(ModelProto.Parser.ParseFrom(File.ReadAllBytes(fp32Path)));

    public static void Write(string fp32Path, ActivationRanges ranges, string int8Path, bool quantizeGemm = false)
    {
        var model = QdqGraph.Quantize(ReadPrepared(fp32Path), ranges, quantizeGemm);
        // The twin names its source, so a twin left beside another model.onnx is refused instead of served.
        var stale = model.MetadataProps.Where(p => p.Key == Model.DerivedFiles.SourceMetadataKey).ToList();
        foreach (var entry in stale)
            model.MetadataProps.Remove(entry);
        model.MetadataProps.Add(new StringStringEntryProto { Key = Model.DerivedFiles.SourceMetadataKey, Value = Model.FileHash.Sha256(fp32Path) });
        var directory = Path.GetDirectoryName(Path.GetFullPath(int8Path))!;
        Directory.CreateDirectory(directory);
        // Write beside the target and move into place, so a reader never sees half a model.
        var temp = Path.Combine(directory, $".{Path.GetFileName(int8Path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using (var file = File.Create(temp))
            model.WriteTo(file);
        File.Move(temp, int8Path, overwrite: true);
    }
}
