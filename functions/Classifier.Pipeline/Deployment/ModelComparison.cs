using Classifier.Core.Inference;
using Classifier.Pipeline.Model;

namespace Classifier.Pipeline.Deployment;

/// <summary>Scores labelled images with both models and sums up the <see cref="ComparisonReport"/>.</summary>
public static class ModelComparison
{
    /// <summary>
    /// Images whose label neither model knows (a reviewer's "none") and images that are not usable are
    /// skipped and counted, not scored: neither model could be right about them.
    /// </summary>
    public static async Task<ComparisonReport> RunAsync(ImageClassifier live, ImageClassifier candidate, IAsyncEnumerable<LabelledImage> images, CancellationToken cancellation)
    {
        var known = live.Card.Labels.Intersect(candidate.Card.Labels, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        int total = 0, liveRight = 0, candidateRight = 0, agreed = 0, skipped = 0;
        var perLabel = new SortedDictionary<string, (int Count, int Live, int Candidate)>(StringComparer.Ordinal);
        await foreach (var image in images.WithCancellation(cancellation))
        {
            if (!known.Contains(image.Label))
            {
                skipped++;
                continue;
            }
            var a = await live.ClassifyOrRejectAsync(image.Bytes, top: 1);
            var b = await candidate.ClassifyOrRejectAsync(image.Bytes, top: 1);
            if (a.Label is null || b.Label is null)
            {
                skipped++;
                continue;
            }
            total++;
            var aRight = a.Label == image.Label;
            var bRight = b.Label == image.Label;
            liveRight += aRight ? 1 : 0;
            candidateRight += bRight ? 1 : 0;
            agreed += a.Label == b.Label ? 1 : 0;
            var entry = perLabel.GetValueOrDefault(image.Label);
            perLabel[image.Label] = (entry.Count + 1, entry.Live + (aRight ? 1 : 0), entry.Candidate + (bRight ? 1 : 0));
        }
        return new ComparisonReport(
            $"{live.Info.Name}@{live.Info.Version}", $"{candidate.Info.Name}@{candidate.Info.Version}", total,
            ComparisonReport.Of(liveRight, total), ComparisonReport.Of(candidateRight, total),
            total == 0 ? 0 : (double)agreed / total,
            perLabel.Select(p => new ComparisonReport.LabelRecall(p.Key, p.Value.Count, (double)p.Value.Live / p.Value.Count, (double)p.Value.Candidate / p.Value.Count)).ToList(),
            skipped);
    }
}
