using System.Text;

namespace Classifier.Training;

/// <summary>
/// Features already computed, by image id, in an append-only file: an interrupted run loses nothing and a
/// second run over the same images (another regularisation, another head) skips the backbone entirely.
/// The file name carries everything that changes the features (backbone, resize, augmentation variant).
/// </summary>
public sealed class FeatureCache : IDisposable
{
    private readonly Dictionary<string, float[]> _known = new(StringComparer.Ordinal);
    private readonly BinaryWriter? _writer;

    public FeatureCache(string? path)
    {
        Path = path;
        if (path is null)
            return;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var validLength = File.Exists(path) ? ReadAll(path) : 0;
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        stream.SetLength(validLength); // drop a record cut short by a crash
        stream.Seek(validLength, SeekOrigin.Begin);
        _writer = new BinaryWriter(stream, Encoding.UTF8);
    }

    public string? Path { get; }
    public int Count => _known.Count;

    public bool TryGet(string id, out float[] features) => _known.TryGetValue(id, out features!);

    public void Add(string id, float[] features)
    {
        _known[id] = features;
        if (_writer is null)
            return;
        _writer.Write(id);
        _writer.Write(features.Length);
        foreach (var f in features)
            _writer.Write(f);
    }

    public void Flush() => _writer?.Flush();

    private long ReadAll(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
        long valid = 0;
        try
        {
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                var id = reader.ReadString();
                var length = reader.ReadInt32();
                if (length is < 0 or > 1 << 20)
                    break;
                var features = new float[length];
                for (var i = 0; i < length; i++)
                    features[i] = reader.ReadSingle();
                _known[id] = features;
                valid = reader.BaseStream.Position;
            }
        }
        catch (EndOfStreamException)
        {
        }
        return valid;
    }

    public void Dispose() => _writer?.Dispose();
}
