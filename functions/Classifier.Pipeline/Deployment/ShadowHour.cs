using System.Text.Json;
using Azure.Data.Tables;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Deployment;

/// <summary>The shadow figures of one candidate for one hour (yyyyMMddHH), summed over instances: what the monitor plots.</summary>
public sealed record ShadowHour(
    string Hour, long Scored, long Agreed, long LiveUncertain, long LiveOutOfDomain, long CandidateUncertain, long CandidateOutOfDomain,
    IReadOnlyDictionary<string, long> LiveLabels, IReadOnlyDictionary<string, long> CandidateLabels)
{
    public double? Agreement => Scored == 0 ? null : (double)Agreed / Scored;

    public static ShadowHour From(string hour, TableEntity row) => new(hour,
        TableNumbers.Long(row, "Scored"), TableNumbers.Long(row, "Agreed"), TableNumbers.Long(row, "LiveUncertain"), TableNumbers.Long(row, "LiveOutOfDomain"),
        TableNumbers.Long(row, "CandidateUncertain"), TableNumbers.Long(row, "CandidateOutOfDomain"), Labels(row, "LiveLabels"), Labels(row, "CandidateLabels"));

    public ShadowHour Plus(ShadowHour other) => new(Hour, Scored + other.Scored, Agreed + other.Agreed, LiveUncertain + other.LiveUncertain,
        LiveOutOfDomain + other.LiveOutOfDomain, CandidateUncertain + other.CandidateUncertain, CandidateOutOfDomain + other.CandidateOutOfDomain,
        Sum(LiveLabels, other.LiveLabels), Sum(CandidateLabels, other.CandidateLabels));

    private static Dictionary<string, long> Sum(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Concat(b).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);

    private static Dictionary<string, long> Labels(TableEntity row, string key) =>
        row.GetString(key) is { Length: > 0 } json ? JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [] : [];
}
