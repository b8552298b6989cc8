namespace Classifier.Training;

public sealed record ClassMetrics(string Label, double Precision, double Recall, int Support);
