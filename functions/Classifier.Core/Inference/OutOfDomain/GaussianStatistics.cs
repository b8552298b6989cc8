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

    private GaussianStatistics(float[][] means, float[] whitening)
    {
        Means = means;
        _whitening = whitening;
        _whitenedMeans = means.Select(Whiten).ToArray();
    }

    public float[][] Means { get; }
    public int Dimensions => Means[0].Length;
    public int Classes => Means.Length;

    /// <summary>
    /// Fits means per class and the pooled within-class covariance, shrunk towards its mean variance by the
    /// Ledoit-Wolf estimate of the best amount: a few dozen images (a user's small set) get a strongly
    /// shrunk, stable covariance; thousands get nearly the sample covariance.
    /// </summary>
    public static GaussianStatistics Fit(IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int classes)
    {
        if (features.Count == 0)
            throw new InvalidDataException("no images to fit the out-of-domain statistics on");
        features = features.Select(f => UnitLength(f)).ToList();
        var d = features[0].Length;
        var sums = new double[classes][];
        var counts = new int[classes];
        for (var c = 0; c < classes; c++)
            sums[c] = new double[d];
        for (var i = 0; i < features.Count; i++)
        {
            counts[labels[i]]++;
            for (var j = 0; j < d; j++)
                sums[labels[i]][j] += features[i][j];
        }
        // A class with no image has no mean (NaN): scoring skips it rather than measure from an invented point.
        var means = sums.Select((s, c) => s.Select(v => counts[c] == 0 ? float.NaN : (float)(v / counts[c])).ToArray()).ToArray();

        var covariance = new double[d * d];
        var centred = new double[d];
        var sumFourthPowers = 0.0; // Σ |x|⁴ over the centred vectors, for the Ledoit-Wolf estimate
        foreach (var (f, label) in features.Zip(labels, (f, l) => (f, l)))
        {
            var squaredLength = 0.0;
            for (var j = 0; j < d; j++)
            {
                centred[j] = f[j] - means[label][j];
                squaredLength += centred[j] * centred[j];
            }
            sumFourthPowers += squaredLength * squaredLength;
            for (var r = 0; r < d; r++)
            {
                var cr = centred[r];
                var row = covariance.AsSpan(r * d, r + 1);
                for (var k = 0; k <= r; k++)
                    row[k] += cr * centred[k];
            }
        }
        var n = features.Count;
        var trace = 0.0;
        var squaredNorm = 0.0; // |S|² (Frobenius) of the sample covariance S
        for (var r = 0; r < d; r++)
        {
            for (var k = 0; k <= r; k++)
            {
                var s = covariance[(r * d) + k] / n;
                squaredNorm += r == k ? s * s : 2 * s * s;
            }
            trace += covariance[(r * d) + r] / n;
        }
        var shrinkage = LedoitWolf(n, d, trace, squaredNorm, sumFourthPowers);
        // The tiny constant keeps a degenerate set (every image alike) invertible.
        var floor = (shrinkage * trace / d) + 1e-9;
        for (var r = 0; r < d; r++)
        {
            for (var k = 0; k <= r; k++)
                covariance[(r * d) + k] = ((1 - shrinkage) * covariance[(r * d) + k] / n) + (r == k ? floor : 0);
        }
        return new GaussianStatistics(means, InvertLower(Cholesky(covariance, d), d));
    }

    /// <summary>
    /// Ledoit and Wolf (2004): the share of the way from S to (trace/d)·I that minimises the expected error,
    /// from the spread of the single-image outer products around S.
    /// </summary>
    private static double LedoitWolf(int n, int d, double trace, double squaredNorm, double sumFourthPowers)
    {
        var mu = trace / d;
        var delta = squaredNorm - (mu * mu * d); // |S − μI|²
        var beta = ((sumFourthPowers / n) - squaredNorm) / n; // mean |x·xᵀ − S|² / n
        return delta <= 0 ? 1 : Math.Clamp(beta / delta, 0, 1);
    }

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

    private static float[] UnitLength(ReadOnlySpan<float> features)
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

    private static int RowStart(int r) => r * (r + 1) / 2;

    /// <summary>Cholesky factor L (lower, full d×d storage) of a symmetric positive definite matrix given by its lower triangle.</summary>
    private static double[] Cholesky(double[] a, int d)
    {
        var l = new double[d * d];
        for (var i = 0; i < d; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                var sum = a[(i * d) + j];
                for (var k = 0; k < j; k++)
                    sum -= l[(i * d) + k] * l[(j * d) + k];
                if (i == j)
                {
                    if (sum <= 0)
                        throw new InvalidDataException("the feature covariance is not positive definite (are all images identical?)");
                    l[(i * d) + i] = Math.Sqrt(sum);
                }
                else
                {
                    l[(i * d) + j] = sum / l[(j * d) + j];
                }
            }
        }
        return l;
    }

    /// <summary>Inverse of a lower-triangular matrix, packed as a lower triangle (row by row) in floats.</summary>
    private static float[] InvertLower(double[] l, int d)
    {
        var inv = new double[d * d];
        for (var j = 0; j < d; j++)
        {
            inv[(j * d) + j] = 1 / l[(j * d) + j];
            for (var i = j + 1; i < d; i++)
            {
                var sum = 0.0;
                for (var k = j; k < i; k++)
                    sum += l[(i * d) + k] * inv[(k * d) + j];
                inv[(i * d) + j] = -sum / l[(i * d) + i];
            }
        }
        var packed = new float[d * (d + 1) / 2];
        for (var r = 0; r < d; r++)
        {
            for (var k = 0; k <= r; k++)
                packed[RowStart(r) + k] = (float)inv[(r * d) + k];
        }
        return packed;
    }

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
