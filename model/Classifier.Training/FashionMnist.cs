using System.Buffers.Binary;
using System.IO.Compression;
using Classifier.Core.Imaging;

namespace Classifier.Training;

/// <summary>Reads the Fashion-MNIST IDX files (gzipped or not): 28x28 grey images of ten kinds of clothing.</summary>
public static class FashionMnist
{
    public static readonly IReadOnlyList<string> Labels =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    /// <summary>The default location of Debian's dataset-fashion-mnist package.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <param name="split">"train" (60,000 images) or "t10k" (the 10,000-image test set).</param>
    public static Dataset Load(string directory, string split)
    {
        var images = ReadIdx(Find(directory, $"{split}-images-idx3-ubyte"), 2051, out var dims);
        var labels = ReadIdx(Find(directory, $"{split}-labels-idx1-ubyte"), 2049, out _);
        var (count, rows, cols) = (dims[0], dims[1], dims[2]);
        if (labels.Length != count)
            throw new InvalidDataException($"{directory}: {count} images but {labels.Length} labels");

        var size = rows * cols;
        var items = new LabeledImage[count];
        for (var i = 0; i < count; i++)
        {
            var offset = i * size;
            items[i] = new LabeledImage($"{split}/{i}", Labels[labels[i]], () => RgbImage.FromGray(cols, rows, images.AsSpan(offset, size)));
        }
        return new Dataset($"fashion-mnist-{split}", Labels, items);
    }

    private static string Find(string directory, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            var path = Path.Combine(directory, candidate);
            if (File.Exists(path))
                return path;
        }
        throw new FileNotFoundException($"{stem}(.gz) not found in {directory} (on Debian: apt-get install dataset-fashion-mnist)");
    }

    private static byte[] ReadIdx(string path, int magic, out int[] dims)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        if (BinaryPrimitives.ReadInt32BigEndian(bytes) != magic)
            throw new InvalidDataException($"{path}: not an IDX file of the expected kind");
        var rank = bytes[3];
        dims = new int[rank];
        for (var d = 0; d < rank; d++)
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes[(4 + (4 * d))..]);
        return bytes[(4 + (4 * rank))..].ToArray();
    }
}
