using Classifier.Core.Inference.OutOfDomain;

namespace Classifier.Training.OutOfDomain;

/// <summary>
/// Fits the <see cref="GaussianStatistics"/> that serving reads: class means and the whitening matrix of the
/// shrunk pooled covariance. Only training fits; the served core just loads the result and measures distances.
/// </summary>
public static class GaussianFitter
{
    /// <summary>
    /// Fits means per class and the pooled within-class covariance, shrunk towards its mean variance by the
    /// Ledoit-Wolf estimate of the best amount: a few dozen images (a user's small set) get a strongly
    /// shrunk, stable covariance; thousands get nearly the sample covariance.
    /// </summary>
    public static GaussianStatistics Fit(IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int classes)
    {
        if (features.Count == 0)
            throw new InvalidDataException("no images to fit the out-of-domain statistics on");
        features = features.Select(f => GaussianStatistics.UnitLength(f)).ToList();
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
                packed[GaussianStatistics.RowStart(r) + k] = (float)inv[(r * d) + k];
        }
        return packed;
    }
}
