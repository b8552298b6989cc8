using Classifier.Core.DefaultModel;
using Classifier.Training.OutOfDomain;

namespace Classifier.Training;

public sealed record TrainResult(LinearHead Head, double L2, Evaluation Validation, IReadOnlyList<(double L2, double Accuracy)> Search,
    IReadOnlyList<FeatureRow> Skipped, int TrainCount, int ValidCount, OutOfDomainCalibration OutOfDomain);
