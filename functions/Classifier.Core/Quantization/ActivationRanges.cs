using System.Text.Json;

namespace Classifier.Core.Quantization;

/// <summary>
/// The measured [min, max] of each activation the int8 model quantizes, by tensor name, and what they were
/// measured on. Small enough to commit beside a head, so the int8 model can be rebuilt without the images.
/// </summary>
public sealed record ActivationRanges(string Source, int Images, IReadOnlyDictionary<string, float[]> Ranges)
{
    public const string FileName = "calibration.json";

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));

    public static ActivationRanges Load(string path)
    {
        var ranges = JsonSerializer.Deserialize<ActivationRanges>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"{path}: empty calibration");
        if (ranges.Ranges.Values.Any(r => r.Length != 2 || !(r[0] <= r[1])))
            throw new InvalidDataException($"{path}: each range must be [min, max]");
        return ranges;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
