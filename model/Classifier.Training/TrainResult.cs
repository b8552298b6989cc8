using Classifier.Core.DefaultModel;
using Classifier.Training.OutOfDomain;

namespace Classifier.Training;

public sealed record TrainResult(LinearHead Head, double L2, Evaluation Validation, IReadOnlyList<(double L2, double Accuracy)> Search,
    IReadOnlyList<FeatureRow> Skipped, TrainingSplit Split, OutOfDomainCalibration OutOfDomain)
{
    public int TrainCount => Split.Train.Count;
    public int ValidCount => Split.Valid.Count;
}
