using Classifier.Core.Model;

namespace Classifier.Core.Inference.OutOfDomain;

/// <summary>
/// Scores how far an image's features lie from the training data, with the method and statistics the card
/// names. Built once per loaded model; a package without a features output or without an out-of-domain
/// section has no detector, and its predictions carry no score.
/// </summary>
public sealed class OutOfDomainDetector
{
    /// <summary>The card's name for <see cref="GaussianStatistics"/> scoring.</summary>
    public const string MahalanobisMethod = "mahalanobis";

    /// <summary>The default file name of the statistics, beside model.json.</summary>
    public const string StatisticsFileName = "ood-statistics.bin";

    private readonly GaussianStatistics _statistics;

    public OutOfDomainDetector(GaussianStatistics statistics, float threshold)
    {
        _statistics = statistics;
        Threshold = threshold;
    }

    public float Threshold { get; }

    /// <summary>
    /// The Mahalanobis distance to the nearest class, divided by the square root of the feature count so
    /// that in-domain images score about 1 whatever the model's feature size.
    /// </summary>
    public float Score(ReadOnlySpan<float> features) => Distance(_statistics, features);

    public OutOfDomainScore Assess(ReadOnlySpan<float> features) => new(MathF.Round(Score(features), 4), Threshold);

    internal static float Distance(GaussianStatistics statistics, ReadOnlySpan<float> features) =>
        MathF.Sqrt(statistics.NearestSquaredDistance(features) / statistics.Dimensions);

    /// <summary>The package's detector, or null when it has no features output or no out-of-domain section.</summary>
    public static OutOfDomainDetector? For(ModelPackage package)
    {
        var card = package.Card;
        if (card.OutOfDomain is not { } section || card.Output.Features is null)
            return null;
        var source = Path.Combine(package.Directory, ModelPackage.CardFileName);
        void Fail(string field, string problem) => throw new ModelLoadException($"{source}: field '{field}' {problem}");

        if (section.Method != MahalanobisMethod)
            Fail("outOfDomain.method", $"is \"{section.Method}\"; the supported method is \"{MahalanobisMethod}\"");
        if (!float.IsFinite(section.Threshold) || section.Threshold <= 0)
            Fail("outOfDomain.threshold", $"must be a positive number (got {section.Threshold})");
        if (string.IsNullOrWhiteSpace(section.Statistics))
            Fail("outOfDomain.statistics", "is missing (the file with the class means and covariance)");
        var name = section.Statistics!;
        if (Path.IsPathRooted(name) || name.Split('/', '\\').Contains(".."))
            Fail("outOfDomain.statistics", $"must be a file name inside the package folder (got \"{name}\")");
        var path = Path.Combine(package.Directory, name);
        if (!File.Exists(path))
            Fail("outOfDomain.statistics", $"names \"{name}\", which is not in {package.Directory}");
        var statistics = GaussianStatistics.Load(path);
        if (statistics.Classes != card.Labels.Count)
            Fail("outOfDomain.statistics", $"holds {statistics.Classes} classes but the card has {card.Labels.Count} labels");
        return new OutOfDomainDetector(statistics, section.Threshold);
    }

    /// <summary>Checks the statistics fit the model's feature vectors (known only after a first run).</summary>
    internal void CheckFeatureLength(int length, string source)
    {
        if (length != _statistics.Dimensions)
            throw new ModelLoadException($"{source}: field 'outOfDomain.statistics' has {_statistics.Dimensions} features but the model's features output gives {length}");
    }
}
