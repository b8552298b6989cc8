using System.Text.Json;

namespace Classifier.Core.DefaultModel;

/// <summary>
/// A softmax-regression head over backbone features: logits = Weights · features + Bias.
/// Small enough to commit (head.json); the backbone comes from a NuGet package.
/// </summary>
public sealed record LinearHead(IReadOnlyList<string> Labels, float[][] Weights, float[] Bias)
{
    public const string FileName = "head.json";

    public int Features => Weights[0].Length;

    public float[] Logits(ReadOnlySpan<float> features)
    {
        var logits = new float[Labels.Count];
        for (var c = 0; c < logits.Length; c++)
        {
            var sum = (double)Bias[c];
            var w = Weights[c];
            for (var i = 0; i < w.Length; i++)
                sum += w[i] * features[i];
            logits[c] = (float)sum;
        }
        return logits;
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static LinearHead Load(string path)
    {
        var head = JsonSerializer.Deserialize<LinearHead>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty head");
        if (head.Weights.Length != head.Labels.Count || head.Bias.Length != head.Labels.Count
            || head.Weights.Any(w => w.Length != head.Weights[0].Length))
        {
            throw new InvalidDataException($"{path}: weights, bias and labels disagree in size");
        }

        return head;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
