using System.Text.Json;

namespace Classifier.Core.Inference;

/// <summary>A status as the JSON writes it ("out-of-domain"): for table entities, counters and metrics that key on it.</summary>
public static class PredictionStatusNames
{
    public static string JsonName(this PredictionStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());
}
