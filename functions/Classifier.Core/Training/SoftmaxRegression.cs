using Classifier.Core.DefaultModel;

namespace Classifier.Core.Training;

/// <summary>
/// Multinomial logistic regression on frozen features, trained with mini-batch Adam and L2 weight decay.
/// Features are standardised for training and the scaling is folded back into the weights, so the
/// resulting head takes raw backbone features.
/// </summary>
public static class SoftmaxRegression
{
    public sealed record Settings(double L2 = 1e-4, int Epochs = 30, int BatchSize = 256, double LearningRate = 2e-3, int Seed = 42);

    public static LinearHead Train(IReadOnlyList<float[]> features, IReadOnlyList<int> targets, IReadOnlyList<string> labels,
        Settings settings, IProgress<double>? progress = null)
    {
        if (features.Count == 0)
            throw new ArgumentException("no training examples", nameof(features));
        var (n, d, k) = (features.Count, features[0].Length, labels.Count);
        var (mean, scale) = Standardisation(features);

        var w = new double[k * d];
        var b = new double[k];
        var (mw, vw, mb, vb) = (new double[k * d], new double[k * d], new double[k], new double[k]);
        var gw = new double[k * d];
        var gb = new double[k];
        var x = new double[d];
        var p = new double[k];
        var order = Enumerable.Range(0, n).ToArray();
        var random = new Random(settings.Seed);
        const double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var step = 0;

        for (var epoch = 0; epoch < settings.Epochs; epoch++)
        {
            random.Shuffle(order);
            for (var start = 0; start < n; start += settings.BatchSize)
            {
                var count = Math.Min(settings.BatchSize, n - start);
                Array.Clear(gw);
                Array.Clear(gb);
                for (var s = start; s < start + count; s++)
                {
                    var f = features[order[s]];
                    for (var i = 0; i < d; i++)
                        x[i] = (f[i] - mean[i]) * scale[i];
                    Probabilities(w, b, x, p);
                    p[targets[order[s]]] -= 1; // gradient of cross-entropy w.r.t. logits
                    for (var c = 0; c < k; c++)
                    {
                        var g = p[c];
                        gb[c] += g;
                        var row = c * d;
                        for (var i = 0; i < d; i++)
                            gw[row + i] += g * x[i];
                    }
                }
                step++;
                var lr = settings.LearningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step));
                for (var j = 0; j < w.Length; j++)
                {
                    var g = (gw[j] / count) + (settings.L2 * w[j]);
                    mw[j] = (beta1 * mw[j]) + ((1 - beta1) * g);
                    vw[j] = (beta2 * vw[j]) + ((1 - beta2) * g * g);
                    w[j] -= lr * mw[j] / (Math.Sqrt(vw[j]) + eps);
                }
                for (var c = 0; c < k; c++)
                {
                    var g = gb[c] / count;
                    mb[c] = (beta1 * mb[c]) + ((1 - beta1) * g);
                    vb[c] = (beta2 * vb[c]) + ((1 - beta2) * g * g);
                    b[c] -= lr * mb[c] / (Math.Sqrt(vb[c]) + eps);
                }
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

    private static void Probabilities(double[] w, double[] b, double[] x, double[] p)
    {
        var (k, d) = (b.Length, x.Length);
        var max = double.NegativeInfinity;
        for (var c = 0; c < k; c++)
        {
            var sum = b[c];
            var row = c * d;
            for (var i = 0; i < d; i++)
                sum += w[row + i] * x[i];
            p[c] = sum;
            max = Math.Max(max, sum);
        }
        var total = 0.0;
        for (var c = 0; c < k; c++)
        {
            p[c] = Math.Exp(p[c] - max);
            total += p[c];
        }
        for (var c = 0; c < k; c++)
            p[c] /= total;
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
