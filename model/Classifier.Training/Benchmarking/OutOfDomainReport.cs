using System.Globalization;
using System.Text;
using Classifier.Core.Inference;

namespace Classifier.Training.Benchmarking;

/// <summary>
/// How well the out-of-domain score tells in-domain images from others, per kind of image: the area under
/// the ROC curve (the chance that a random not-in-domain image scores higher than a random in-domain one)
/// and the share of each status.
/// </summary>
public sealed record OutOfDomainReport(string ModelName, float Threshold, string InDomainName, double InDomainAccuracy,
    KindFigures InDomain, KindFigures AllOthers, IReadOnlyList<KindFigures> Kinds, IReadOnlyList<ScoredImage> Images)
{
    public static OutOfDomainReport From(string modelName, float threshold, string inDomainName, IReadOnlyList<ScoredImage> images)
    {
        var inside = images.Where(i => i.InDomain).ToList();
        var others = images.Where(i => !i.InDomain).ToList();
        if (inside.Count == 0 || others.Count == 0)
            throw new InvalidDataException("the report needs both in-domain images and images of other kinds");
        var insideScores = inside.Select(i => i.Score).ToArray();
        KindFigures Figures(string kind, IReadOnlyList<ScoredImage> set, bool compare) => new(kind, set.Count,
            compare ? Auroc(insideScores, set.Select(i => i.Score).ToArray()) : null,
            Share(set, PredictionStatus.Confident), Share(set, PredictionStatus.Uncertain), Share(set, PredictionStatus.OutOfDomain));
        var kinds = others.GroupBy(i => i.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Figures(g.Key, g.ToList(), true)).ToList();
        var accuracy = inside.Count(i => i.Correct == true) / (double)inside.Count;
        return new OutOfDomainReport(modelName, threshold, inDomainName, accuracy, Figures(inDomainName, inside, false),
            Figures("all not in-domain", others, true), kinds, images);
    }

    /// <summary>Mann-Whitney U over the two score sets (ties count half).</summary>
    public static double Auroc(IReadOnlyList<float> inDomain, IReadOnlyList<float> outOfDomain)
    {
        var all = inDomain.Select(s => (Score: s, Out: false)).Concat(outOfDomain.Select(s => (Score: s, Out: true))).OrderBy(p => p.Score).ToArray();
        double rankSum = 0;
        for (var i = 0; i < all.Length;)
        {
            var j = i;
            while (j < all.Length && all[j].Score == all[i].Score)
                j++;
            var meanRank = ((i + 1) + j) / 2.0;
            for (var k = i; k < j; k++)
            {
                if (all[k].Out)
                    rankSum += meanRank;
            }
            i = j;
        }
        double n = outOfDomain.Count, m = inDomain.Count;
        return (rankSum - (n * (n + 1) / 2)) / (n * m);
    }

    private static double Share(IReadOnlyList<ScoredImage> set, PredictionStatus status) =>
        set.Count == 0 ? 0 : set.Count(i => i.Status == status) / (double)set.Count;

    public string ToMarkdown(string? plotFile)
    {
        var md = new StringBuilder();
        string P(double v) => (v * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
        string A(double? v) => v is { } a ? a.ToString("0.000", CultureInfo.InvariantCulture) : "";
        md.AppendLine(CultureInfo.InvariantCulture, $"# Out-of-domain report: {ModelName}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Threshold {Threshold.ToString("0.####", CultureInfo.InvariantCulture)}; in-domain images: {InDomainName}, accuracy {P(InDomainAccuracy)}.");
        md.AppendLine();
        md.AppendLine("| images | count | AUROC vs in-domain | confident | uncertain | out-of-domain |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var k in new[] { InDomain, AllOthers }.Concat(Kinds))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {k.Kind} | {k.Count} | {A(k.Auroc)} | {P(k.Confident)} | {P(k.Uncertain)} | {P(k.OutOfDomain)} |");
        if (plotFile is not null)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"![Score histograms per kind of image]({plotFile})");
        }
        return md.ToString();
    }
}
