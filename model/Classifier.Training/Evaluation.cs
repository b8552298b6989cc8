namespace Classifier.Training;

/// <summary>Accuracy, per-class precision and recall, the confusion matrix (rows: actual, columns: predicted) and the top losses.</summary>
public sealed record Evaluation(IReadOnlyList<string> Labels, double Accuracy, IReadOnlyList<ClassMetrics> PerClass, int[][] Confusion,
    IReadOnlyList<TopLoss> TopLosses, int Count)
{
    public static Evaluation From(IReadOnlyList<string> labels, IReadOnlyList<int> actual, IReadOnlyList<float[]> probabilities,
        IReadOnlyList<string> ids, int topLosses = 9)
    {
        var k = labels.Count;
        var confusion = Enumerable.Range(0, k).Select(_ => new int[k]).ToArray();
        var losses = new List<TopLoss>();
        var correct = 0;
        for (var i = 0; i < actual.Count; i++)
        {
            var p = probabilities[i];
            var predicted = Array.IndexOf(p, p.Max());
            confusion[actual[i]][predicted]++;
            if (predicted == actual[i])
            {
                correct++;
                continue; // a right answer is never a top loss, however unsure
            }
            var trueP = Math.Max(p[actual[i]], 1e-12);
            losses.Add(new TopLoss(ids[i], labels[actual[i]], labels[predicted], p[predicted], -Math.Log(trueP)));
        }
        var perClass = Enumerable.Range(0, k).Select(c =>
        {
            var support = confusion[c].Sum();
            var predictedAs = confusion.Sum(row => row[c]);
            return new ClassMetrics(labels[c],
                predictedAs == 0 ? null : (double)confusion[c][c] / predictedAs,
                support == 0 ? null : (double)confusion[c][c] / support,
                support);
        }).ToList();
        return new Evaluation(labels, actual.Count == 0 ? 0 : (double)correct / actual.Count, perClass, confusion,
            losses.OrderByDescending(l => l.Loss).Take(topLosses).ToList(), actual.Count);
    }
}
