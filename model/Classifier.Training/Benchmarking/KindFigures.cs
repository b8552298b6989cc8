namespace Classifier.Training.Benchmarking;

/// <summary>The figures for one kind of image: how well the score separates it from the in-domain images and how it is labelled.</summary>
public sealed record KindFigures(string Kind, int Count, double? Auroc, double Confident, double Uncertain, double OutOfDomain);
