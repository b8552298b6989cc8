using System.Globalization;
using System.Text;
using Classifier.Core.Model;
using Classifier.Training.OutOfDomain;

namespace Classifier.Training;

/// <summary>
/// README.md of a trained package: its model page, as model/default/README.md is the built-in one's. The
/// site's /model/ page shows it when the package is served. Every figure is one training measured: the
/// data, the validation accuracy, the figures per class, the confusion matrix and the out-of-domain
/// threshold with the rates it gives on the validation images. <paramref name="Card"/> is the written card
/// (with its out-of-domain section and baseline).
/// </summary>
public sealed record ModelReadme(ModelCard Card, TrainResult Result, TrainOptions Options, Dataset Data)
{
    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    public void Write(string directory) => File.WriteAllText(Path.Combine(directory, ModelPackage.ReadmeFileName), Markdown());

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Model card: {Card.Name} {Card.Version}");
        md.AppendLine();
        if (Card.Description is { Length: > 0 } description)
        {
            md.AppendLine(description.TrimEnd('.') + ".");
            md.AppendLine();
        }
        md.AppendLine("Written by `classifier train`; the figures below are what that run measured.");
        md.AppendLine(CultureInfo.InvariantCulture, $"The training log, with the regularisation search and the top losses, is [{TrainingReport.FileName}]({TrainingReport.FileName}).");
        md.AppendLine();
        AppendWhatItIs(md);
        AppendData(md);
        AppendAccuracy(md);
        AppendOutOfDomain(md);
        AppendLimits(md);
        return md.ToString();
    }

    private void AppendWhatItIs(StringBuilder md)
    {
        md.AppendLine("## What it is");
        md.AppendLine();
        md.AppendLine("- **Network**: ResNet18 trained on ImageNet, frozen, with a softmax-regression head trained here (`head.json`), merged into one `model.onnx`.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Labels**: {string.Join(", ", Card.Labels)}.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **Input**: {CardNames.Of(Card.Resize)}{(Card.Resize == ResizeMethod.Pad ? $" ({CardNames.Of(Card.PadMode)})" : "")} to {Card.Input.Width} x {Card.Input.Height}, {CardNames.Of(Card.Decode)} decode, as training did.");
        md.AppendLine(CultureInfo.InvariantCulture, $"- **minConfidence**: {Card.MinConfidence.ToString("0.###", CultureInfo.InvariantCulture)}. Under it the status is `uncertain`: a person should check.");
        md.AppendLine();
    }

    private void AppendData(StringBuilder md)
    {
        var split = Result.Split;
        md.AppendLine("## Data");
        md.AppendLine();
        var how = split.PerLabel ? "a small set, split label by label" : Invariant($"a random {Options.ValidPct:P0}");
        var augmented = Options.Augment > 0 ? Invariant($", each also in {Options.Augment} augmented variants") : "";
        md.AppendLine(CultureInfo.InvariantCulture, $"{Data.Name}: {Data.Items.Count} images, {Data.Labels.Count} labels. Held out for validation: {split.Valid.Count} images ({how}, seed {Options.Seed}); the head was fitted on the other {split.Train.Count}{augmented}.");
        md.AppendLine();
        md.AppendLine("| label | images | held out |");
        md.AppendLine("|---|---:|---:|");
        foreach (var label in Data.Labels)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {label} | {split.Train.Count(i => i.Label == label) + split.Valid.Count(i => i.Label == label)} | {split.Valid.Count(i => i.Label == label)} |");
        md.AppendLine();
        var refit = Options.RefitOnAll ? ", then fitted again on all images: the validation figures below come from the head before that refit." : ".";
        md.AppendLine(CultureInfo.InvariantCulture, $"Head: softmax regression, {Options.Epochs} epochs, L2 {Trainer.L2Text(Result.L2)} (the best of {string.Join(", ", Result.Search.Select(s => Trainer.L2Text(s.L2)))} on the validation images){refit}");
        if (Result.Skipped.Count > 0)
            md.AppendLine(CultureInfo.InvariantCulture, $"{Result.Skipped.Count} file{(Result.Skipped.Count == 1 ? " was" : "s were")} not readable and left out ({TrainingReport.FileName} names them).");
        md.AppendLine();
    }

    private void AppendAccuracy(StringBuilder md)
    {
        var validation = Result.Validation;
        md.AppendLine("## Accuracy on the validation images");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"**Accuracy {validation.Accuracy:P2}** on {validation.Count} held-out images. They also chose the L2 strength, so the figure is a little optimistic; a test set the model never saw (`classifier evaluate`) says more.");
        md.AppendLine();
        md.Append(EvaluationMarkdown.PerClassTable(validation));
        md.AppendLine();
        md.Append(EvaluationMarkdown.ConfusionTable(validation, TrainingReport.MatrixFileName));
        md.AppendLine();
    }

    private void AppendOutOfDomain(StringBuilder md)
    {
        md.AppendLine("## Out-of-domain score");
        md.AppendLine();
        if (Card.OutOfDomain is not { } ood || Card.Baseline is not { } baseline)
        {
            md.AppendLine("This package has no out-of-domain score: only the confidence says when the model is unsure.");
            md.AppendLine();
            return;
        }
        var fitted = Result.Split.Train.Count(i => Result.Skipped.All(s => s.Item != i));
        md.AppendLine("Each answer carries `outOfDomain: { score, threshold }`; over the threshold the status is `out-of-domain`, whatever the probabilities say.");
        md.AppendLine(CultureInfo.InvariantCulture, $"Method `{ood.Method}`: the distance of the image's backbone features to the nearest of the {Card.Labels.Count} class Gaussians in `{ood.Statistics}`, fitted on the {fitted} readable training images (without augmentation).");
        md.AppendLine();
        md.AppendLine("| on the validation images | |");
        md.AppendLine("|---|---:|");
        md.AppendLine(CultureInfo.InvariantCulture, $"| threshold (the {(ood.CalibratedQuantile ?? OutOfDomainCalibration.DefaultQuantile) * 100:0.#}th percentile of their scores) | {ood.Threshold.ToString("0.####", CultureInfo.InvariantCulture)} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| `out-of-domain` | {baseline.OutOfDomainRate:P1} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| `uncertain` (under minConfidence) | {baseline.UncertainRate:P1} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| mean confidence | {baseline.MeanConfidence.ToString("0.###", CultureInfo.InvariantCulture)} |");
        md.AppendLine();
        md.AppendLine("These rates and the training label shares are the card's `baseline`, the reference /monitor/ measures drift against.");
        md.AppendLine("How well the score flags images unlike the training data was not measured here: `classifier ood-report --others DIR` measures it on images you choose.");
        md.AppendLine();
    }

    private void AppendLimits(StringBuilder md)
    {
        md.AppendLine("## Where it will do badly");
        md.AppendLine();
        foreach (var label in Result.Split.UnvalidatedLabels)
            md.AppendLine(CultureInfo.InvariantCulture, $"- **{label}**: no image was held out, so its accuracy is not measured; add images to this label.");
        var weakest = Result.Validation.PerClass.Where(c => c.Support > 0).OrderBy(c => c.Recall).FirstOrDefault();
        if (weakest is not null && weakest.Recall < 1)
            md.AppendLine(CultureInfo.InvariantCulture, $"- The weakest label on the validation images is **{weakest.Label}** (recall {weakest.Recall:P1}); the confusion matrix shows what it is taken for.");
        md.AppendLine("- The head only knows images like its training images. Photos taken differently (light, background, framing) are out-of-domain data: expect `out-of-domain` or `uncertain` answers and check them on /review/ before trusting its labels.");
    }
}
