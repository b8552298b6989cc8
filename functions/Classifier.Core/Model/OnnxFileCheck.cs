using Google.Protobuf;

namespace Classifier.Core.Model;

/// <summary>
/// Tells whether a file is an ONNX model before ONNX Runtime sees it, so a wrong file gets one plain
/// sentence rather than a protobuf parser's message. An ONNX file is a protobuf ModelProto: a run of
/// well-formed fields, one of them the graph (field 7). Only the top level is walked; of it only the
/// metadata entries (field 14, small key/value strings) are kept.
/// </summary>
internal static class OnnxFileCheck
{
    private const int GraphField = 7;
    private const int MetadataField = 14;

    /// <summary>Checks the file is an ONNX model and returns its metadata entries (metadata_props).</summary>
    public static IReadOnlyDictionary<string, string> Check(string path)
    {
        var name = Path.GetFileName(path);
        var length = new FileInfo(path).Length;
        if (length == 0)
            throw new ModelLoadException($"{path} is empty, not an ONNX model: export the model again (the README shows torch.onnx.export)");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!HasGraph(path, metadata))
            throw new ModelLoadException($"{path} is not an ONNX model: {name} must be the file torch.onnx.export writes (the README shows the call)");
        return metadata;
    }

    /// <summary>
    /// Walks the top-level fields, seeking over their contents: the graph of a 64 MB model is stepped over, not
    /// read (reading it cost 50-150 ms of a start). A field that runs past the end means a damaged file.
    /// </summary>
    private static bool HasGraph(string path, Dictionary<string, string> metadata)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64);
        var graph = false;
        while (stream.Position < stream.Length)
        {
            if (ReadVarint(stream) is not { } tag || tag >> 3 == 0)
                return false;
            var skip = (WireFormat.WireType)(tag & 7) switch
            {
                WireFormat.WireType.Varint => ReadVarint(stream) is null ? -1 : 0,
                WireFormat.WireType.Fixed64 => 8,
                WireFormat.WireType.Fixed32 => 4,
                WireFormat.WireType.LengthDelimited => ReadVarint(stream) is { } length && length <= long.MaxValue ? (long)length : -1,
                _ => -1, // groups and unknown wire types do not occur in an ONNX file
            };
            if (skip < 0 || skip > stream.Length - stream.Position)
                return false;
            var lengthDelimited = (tag & 7) == (ulong)WireFormat.WireType.LengthDelimited;
            graph |= tag >> 3 == GraphField && lengthDelimited;
            if (tag >> 3 == MetadataField && lengthDelimited && skip <= 64 * 1024)
            {
                var entry = new byte[skip];
                stream.ReadExactly(entry);
                try
                {
                    var parsed = global::Onnx.StringStringEntryProto.Parser.ParseFrom(entry);
                    metadata[parsed.Key] = parsed.Value;
                }
                catch (InvalidProtocolBufferException)
                {
                    return false;
                }
                continue;
            }
            stream.Seek(skip, SeekOrigin.Current);
        }
        return graph;
    }

    /// <summary>A protobuf varint, or null when the file ends inside it or it is longer than ten bytes.</summary>
    private static ulong? ReadVarint(Stream stream)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            var b = stream.ReadByte();
            if (b < 0)
                return null;
            value |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
                return value;
        }
        return null;
    }
}
