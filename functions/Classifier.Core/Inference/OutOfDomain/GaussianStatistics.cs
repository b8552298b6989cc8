using System.Numerics.Tensors;
using Classifier.Core.Model;

namespace Classifier.Core.Inference.OutOfDomain;

/// <summary>
/// Class-conditional Gaussians with one shared covariance over a model's feature vectors (Lee et al., 2018,
/// "A simple unified framework for detecting out-of-distribution samples"), each vector first scaled to unit
/// length: the direction of a feature vector says what the image shows, its length mostly how much contrast
/// it has, and on the development set the scaled vectors separated other images far better (digits: AUROC
/// 0.95 raw, 0.99 scaled). Stored as the class means and
/// the whitening matrix W = L⁻¹ of the shrunk covariance's Cholesky factor L, so the squared Mahalanobis
/// distance to class c is |W·f − W·μc|²: one triangular product per image, then ten short differences.
/// </summary>
public sealed class GaussianStatistics
{
    private const int Magic = 0x4F4F4431; // "OOD1"

    private readonly float[] _whitening; // lower triangle, row by row
    private readonly float[][] _whitenedMeans;

    /// <summary>From <see cref="Load"/>, or fitted by the training project (which alone needs the fitting maths).</summary>
    internal GaussianStatistics(float[][] means, float[] whitening)
    {
        Means = means;
        _whitening = whitening;
        _whitenedMeans = means.Select(Whiten).ToArray();
    }

    public float[][] Means { get; }
    public int Dimensions => Means[0].Length;
    public int Classes => Means.Length;

    /// <summary>The squared Mahalanobis distance of the unit-length feature vector to the nearest class mean.</summary>
    public float NearestSquaredDistance(ReadOnlySpan<float> features)
    {
        var z = Whiten(UnitLength(features));
        var best = float.PositiveInfinity;
        var diff = new float[z.Length];
        foreach (var mean in _whitenedMeans)
        {
            if (float.IsNaN(mean[0]))
                continue;
            TensorPrimitives.Subtract(z, mean, diff);
            best = Math.Min(best, TensorPrimitives.Dot(diff, diff));
        }
        return best;
    }

    internal static float[] UnitLength(ReadOnlySpan<float> features)
    {
        var scaled = features.ToArray();
        var norm = TensorPrimitives.Norm(scaled);
        if (norm > 0)
            TensorPrimitives.Divide(scaled, norm, scaled);
        return scaled;
    }

    private float[] Whiten(float[] f)
    {
        var d = f.Length;
        var z = new float[d];
        for (var r = 0; r < d; r++)
            z[r] = TensorPrimitives.Dot(_whitening.AsSpan(RowStart(r), r + 1), f.AsSpan(0, r + 1));
        return z;
    }

    internal static int RowStart(int r) => r * (r + 1) / 2;

    /// <summary>Little-endian binary: magic, classes, dimensions, the means, then the packed whitening triangle.</summary>
    public void Save(string path)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(Magic);
        writer.Write(Classes);
        writer.Write(Dimensions);
        foreach (var mean in Means)
            writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(mean.AsSpan()));
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_whitening.AsSpan()));
    }

    public static GaussianStatistics Load(string path)
    {
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadInt32() != Magic)
                throw new ModelLoadException($"{path}: not an out-of-domain statistics file");
            var classes = reader.ReadInt32();
            var d = reader.ReadInt32();
            if (classes is < 1 or > 100_000 || d is < 1 or > 16_384)
                throw new ModelLoadException($"{path}: implausible sizes ({classes} classes, {d} features)");
            var means = new float[classes][];
            for (var c = 0; c < classes; c++)
                means[c] = ReadFloats(reader, d, path);
            var whitening = ReadFloats(reader, d * (d + 1) / 2, path);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new ModelLoadException($"{path}: unexpected bytes after the statistics");
            return new GaussianStatistics(means, whitening);
        }
        catch (IOException e)
        {
            throw new ModelLoadException($"{path}: cannot read the out-of-domain statistics: {e.Message}", e);
        }
    }

    private static float[] ReadFloats(BinaryReader reader, int count, string path)
    {
        var values = new float[count];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length)
            throw new ModelLoadException($"{path}: the statistics file is cut short");
        return values;
    }
}
