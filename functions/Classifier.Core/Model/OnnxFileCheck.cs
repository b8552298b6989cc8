using Google.Protobuf;

namespace Classifier.Core.Model;

/// <summary>
/// Tells whether a file is an ONNX model before ONNX Runtime sees it, so a wrong file gets one plain
/// sentence rather than a protobuf parser's message. An ONNX file is a protobuf ModelProto: a run of
/// well-formed fields, one of them the graph (field 7). Only the top level is walked; nothing is kept.
/// </summary>
internal static class OnnxFileCheck
{
    private const int GraphField = 7;

    public static void Check(string path)
    {
        var name = Path.GetFileName(path);
        var length = new FileInfo(path).Length;
        if (length == 0)
            throw new ModelLoadException($"{path} is empty, not an ONNX model: export the model again (the README shows torch.onnx.export)");
        if (!HasGraph(path))
            throw new ModelLoadException($"{path} is not an ONNX model: {name} must be the file torch.onnx.export writes (the README shows the call)");
    }

    private static bool HasGraph(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var input = new CodedInputStream(stream);
            var graph = false;
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                graph |= WireFormat.GetTagFieldNumber(tag) == GraphField && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited;
                input.SkipLastField();
            }
            return graph;
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
    }
}
