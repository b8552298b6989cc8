using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace Classifier.Training;

/// <summary>What <see cref="PackageInspector"/> found: the card, the graph, a test prediction and anything doubtful.</summary>
public sealed record PackageReport(
    ModelCard Card,
    long OnnxBytes,
    IReadOnlyList<GraphTensor> Inputs,
    IReadOnlyList<GraphTensor> Outputs,
    (int Width, int Height) TestImageSize,
    IReadOnlyList<LabelProbability> TestPrediction,
    double TestMs,
    IReadOnlyList<string> Warnings,
    string Files);
