using System.Numerics.Tensors;
using Classifier.Core.DefaultModel;

namespace Classifier.Training;

/// <summary>
/// Multinomial logistic regression on frozen features, trained with mini-batch Adam and L2 weight decay.
/// Features are standardised for training and the scaling is folded back into the weights, so the
/// resulting head takes raw backbone features.
/// </summary>
/// <remarks>
/// Each mini-batch is split into a fixed number of slices that the cores share, and their gradients are
/// summed in a fixed order: as fast as the cores allow, and the same seed gives the same head on any machine.
/// </remarks>
public static class SoftmaxRegression
{
    private const int Slices = 8;

    public sealed record Settings(double L2 = 1e-4, int Epochs = 30, int BatchSize = 256, double LearningRate = 2e-3, int Seed = 42);

    public static LinearHead Train(IReadOnlyList<float[]> features, IReadOnlyList<int> targets, IReadOnlyList<string> labels,
        Settings settings, IProgress<double>? progress = null)
    {
        if (features.Count == 0)
            throw new ArgumentException("no training examples", nameof(features));
        var (n, d, k) = (features.Count, features[0].Length, labels.Count);
        var (mean, scale) = Standardisation(features);
        var x = features.Select(f => Standardise(f, mean, scale)).ToArray();

        var w = new float[k * d];
        var b = new float[k];
        var adamW = new Adam(w.Length);
        var adamB = new Adam(k);
        var slices = Enumerable.Range(0, Slices).Select(_ => new Gradient(k, d)).ToArray();
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(settings.Seed);

        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += settings.BatchSize)
            {
                var count = Math.Min(settings.BatchSize, n - start);
                var per = (count + slices.Length - 1) / slices.Length;
                Parallel.For(0, slices.Length, s =>
                {
                    var slice = slices[s];
                    slice.Clear();
                    for (var i = start + (s * per); i < Math.Min(start + count, start + ((s + 1) * per)); i++)
                        slice.Add(w, b, x[order[i]], targets[order[i]]);
                });
                var total = slices[0];
                foreach (var other in slices.AsSpan(1))
                    total.Absorb(other);
                adamW.Step(w, total.Weights, count, settings.L2, settings.LearningRate);
                adamB.Step(b, total.Bias, count, l2: 0, settings.LearningRate);
            }
            progress?.Report((epoch + 1.0) / settings.Epochs);
        }

        // Fold (f - mean) * scale into the weights: W' = W * scale, b' = b - sum(W * scale * mean).
        var weights = new float[k][];
        var bias = new float[k];
        for (var c = 0; c < k; c++)
        {
            weights[c] = new float[d];
            var shift = 0.0;
            for (var i = 0; i < d; i++)
            {
                var folded = w[(c * d) + i] * scale[i];
                weights[c][i] = (float)folded;
                shift += folded * mean[i];
            }
            bias[c] = (float)(b[c] - shift);
        }
        return new LinearHead(labels.ToList(), weights, bias);
    }

    /// <summary>The cross-entropy gradient summed over some examples.</summary>
    private sealed class Gradient(int classes, int length)
    {
        private readonly float[] _p = new float[classes];

        public float[] Weights { get; } = new float[classes * length];
        public float[] Bias { get; } = new float[classes];

        public void Clear()
        {
            Array.Clear(Weights);
            Array.Clear(Bias);
        }

        public void Add(float[] w, float[] b, float[] x, int target)
        {
            for (var c = 0; c < classes; c++)
                _p[c] = b[c] + TensorPrimitives.Dot(w.AsSpan(c * length, length), x);
            TensorPrimitives.SoftMax(_p, _p);
            _p[target] -= 1; // the gradient of cross-entropy with respect to the logits
            for (var c = 0; c < classes; c++)
            {
                Bias[c] += _p[c];
                var row = Weights.AsSpan(c * length, length);
                TensorPrimitives.MultiplyAdd(x, _p[c], row, row);
            }
        }

        public void Absorb(Gradient other)
        {
            TensorPrimitives.Add(Weights, other.Weights, Weights);
            TensorPrimitives.Add(Bias, other.Bias, Bias);
        }
    }

    private sealed class Adam(int size)
    {
        private const double Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8;
        private readonly float[] _m = new float[size];
        private readonly float[] _v = new float[size];
        private int _step;

        public void Step(float[] parameters, float[] gradientSum, int count, double l2, double learningRate)
        {
            _step++;
            var lr = learningRate * Math.Sqrt(1 - Math.Pow(Beta2, _step)) / (1 - Math.Pow(Beta1, _step));
            for (var j = 0; j < parameters.Length; j++)
            {
                var g = (gradientSum[j] / (double)count) + (l2 * parameters[j]);
                _m[j] = (float)((Beta1 * _m[j]) + ((1 - Beta1) * g));
                _v[j] = (float)((Beta2 * _v[j]) + ((1 - Beta2) * g * g));
                parameters[j] -= (float)(lr * _m[j] / (Math.Sqrt(_v[j]) + Eps));
            }
        }
    }

    private static float[] Standardise(float[] f, double[] mean, double[] scale)
    {
        var x = new float[f.Length];
        for (var i = 0; i < f.Length; i++)
            x[i] = (float)((f[i] - mean[i]) * scale[i]);
        return x;
    }

    private static (double[] Mean, double[] Scale) Standardisation(IReadOnlyList<float[]> features)
    {
        var d = features[0].Length;
        var mean = new double[d];
        var sq = new double[d];
        foreach (var f in features)
        {
            for (var i = 0; i < d; i++)
            {
                mean[i] += f[i];
                sq[i] += (double)f[i] * f[i];
            }
        }
        var scale = new double[d];
        for (var i = 0; i < d; i++)
        {
            mean[i] /= features.Count;
            var variance = (sq[i] / features.Count) - (mean[i] * mean[i]);
            scale[i] = variance > 1e-12 ? 1 / Math.Sqrt(variance) : 0; // a constant feature carries nothing
        }
        return (mean, scale);
    }
}
