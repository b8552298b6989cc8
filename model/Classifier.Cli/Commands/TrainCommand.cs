using System.ComponentModel;
using Classifier.Core.DefaultModel;
using Classifier.Core.Imaging;
using Classifier.Core.Model;
using Classifier.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : DataSettings
    {
        [CommandOption("--out <DIR>"), Description("Where to write the package (model.onnx, model.json, head.json, README.md: its model page), report.md and confusion-matrix.png; its name is the model's unless --name says otherwise."), DefaultValue("out/model")]
        public string Out { get; init; } = "out/model";

        [CommandOption("--valid-pct <PCT>"), Description("Share of images held out for validation."), DefaultValue(0.2)]
        public double ValidPct { get; init; } = 0.2;

        [CommandOption("--seed <N>"), Description("Same seed, same validation set and augmentations."), DefaultValue(42)]
        public int Seed { get; init; } = 42;

        [CommandOption("--resize <METHOD>"), Description("squish, crop, pad or random-resized-crop, as the model card spells them."), DefaultValue("squish")]
        public string ResizeName { get; init; } = "squish";

        [CommandOption("--pad-mode <MODE>"), Description("For --resize pad: reflection (fastai's default), zeros or border."), DefaultValue("reflection")]
        public string PadModeName { get; init; } = "reflection";

        [CommandOption("--decode <MODE>"), Description("fast (JPEG and WebP scaled in the codec to twice the input) or exact (full decode, as PIL); the card keeps it, so serving decodes the same way."), DefaultValue("fast")]
        public string DecodeName { get; init; } = "fast";

        public ResizeMethod Resize => CardWord.Parse<ResizeMethod>(ResizeName);
        public DecodeMode Decode => CardWord.Parse<DecodeMode>(DecodeName);
        public PadMode PadMode => CardWord.Parse<PadMode>(PadModeName);

        [CommandOption("--size <PX>"), Description("Input size; the frozen ResNet18 backbone takes 224."), DefaultValue(224)]
        public int Size { get; init; } = 224;

        [CommandOption("--augment <N>"), Description("Random variants per training image (crop, flip, rotation, lighting)."), DefaultValue(0)]
        public int Augment { get; init; }

        [CommandOption("--epochs <N>"), Description("Passes over the features when fitting the head."), DefaultValue(30)]
        public int Epochs { get; init; } = 30;

        [CommandOption("--l2 <VALUES>"), Description("Comma-separated L2 strengths to choose from on the validation set.")]
        public string? L2 { get; init; }

        [CommandOption("--per-label <N>"), Description("Use at most the first N images of each label (a quicker run on a big set).")]
        public int? PerLabel { get; init; }

        [CommandOption("--refit-all"), Description("After choosing L2, fit the final head on training and validation images together.")]
        public bool RefitAll { get; init; }

        [CommandOption("--name <NAME>"), Description("Model name for the card (default: the name of the --out folder).")]
        public string? Name { get; init; }

        [CommandOption("--model-version <VERSION>"), Description("Model version for the card."), DefaultValue("1.0.0")]
        public string ModelVersion { get; init; } = "1.0.0";

        [CommandOption("--min-confidence <P>"), Description("Under this probability a prediction is 'uncertain'."), DefaultValue(0.6f)]
        public float MinConfidence { get; init; } = 0.6f;

        [CommandOption("--cache <DIR>"), Description("Feature cache folder (default: classifier/features in the user cache, $XDG_CACHE_HOME or ~/.cache).")]
        public string? Cache { get; init; }

        public string CacheDirectory => Cache ?? UserCache.Directory("features");

        public override ValidationResult Validate()
        {
            if (CardWord.Problem<ResizeMethod>("--resize", ResizeName) is { } resizeProblem)
                return ValidationResult.Error(resizeProblem);
            if (CardWord.Problem<PadMode>("--pad-mode", PadModeName) is { } padProblem)
                return ValidationResult.Error(padProblem);
            if (CardWord.Problem<DecodeMode>("--decode", DecodeName) is { } decodeProblem)
                return ValidationResult.Error(decodeProblem);
            if (Size != BackboneParts.InputSize)
                return ValidationResult.Error($"--size {Size}: the frozen ResNet18 backbone takes {BackboneParts.InputSize}x{BackboneParts.InputSize} images (its mean image is fixed at that size)");
            if (Augment is < 0 or > 20)
                return ValidationResult.Error("--augment must be between 0 and 20");
            if (ValidPct is <= 0 or >= 0.9)
                return ValidationResult.Error("--valid-pct must be above 0 and below 0.9");
            if (PerLabel is < 2)
                return ValidationResult.Error("--per-label needs at least 2 images per label");
            if (Epochs is < 1 or > 1000)
                return ValidationResult.Error("--epochs must be between 1 and 1000");
            return base.Validate();
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        // Training decodes as the card will make serving decode: the same pixels reach the backbone.
        var decode = new ModelCard { Input = FeatureExtractor.Input, Decode = settings.Decode }.DecodeOptions;
        var data = settings.LoadDataset("train", decode);
        if (settings.PerLabel is { } perLabel)
            data = data.TakePerLabel(perLabel);
        AnsiConsole.MarkupLineInterpolated($"[bold]{data.Name}[/]: {data.Items.Count} images, {data.Labels.Count} labels ({string.Join(", ", data.Labels)})");
        var options = new TrainOptions
        {
            ValidPct = settings.ValidPct,
            Seed = settings.Seed,
            Resize = settings.Resize,
            Augment = settings.Augment,
            Epochs = settings.Epochs,
            RefitOnAll = settings.RefitAll,
            MinConfidence = settings.MinConfidence,
            L2Grid = settings.L2 is null ? new TrainOptions().L2Grid : settings.L2.Split(',').Select(double.Parse).ToList(),
        };

        using var extractor = FeatureExtractor.Open();
        var fit = new ImageFit(settings.Resize, settings.PadMode);
        var pipeline = new FeaturePipeline(extractor, fit, settings.Seed);
        var result = ProgressBars.Run(progress => Trainer.Train(data, pipeline,
            kind => new FeatureCache(Path.Combine(settings.CacheDirectory, $"{CacheKey(data, settings)}-{kind}.bin")), options, progress, cancellation));

        var card = new ModelCard
        {
            Name = settings.Name ?? new DirectoryInfo(Path.GetFullPath(settings.Out)).Name,
            Version = settings.ModelVersion,
            Description = $"ResNet18 (ImageNet, frozen) + softmax-regression head trained on {data.Name}",
            Labels = data.Labels,
            Input = FeatureExtractor.Input,
            Output = new ModelOutput { Name = ModelAssembler.ProbabilitiesName, Kind = OutputKind.Probabilities, Features = ModelAssembler.FeaturesName },
            Resize = settings.Resize,
            PadMode = settings.PadMode,
            Decode = settings.Decode,
            MinConfidence = settings.MinConfidence,
        };
        var package = PackageWriter.Write(settings.Out, card, result.Head, result.OutOfDomain);
        new TrainingReport(card, result, options, data).Write(settings.Out);
        new ModelReadme(package.Card, result, options, data).Write(settings.Out);
        PrintSplit(result.Split, data);
        Reports.Print(result.Validation, "validation");
        foreach (var skip in result.Skipped)
            AnsiConsole.MarkupLineInterpolated($"[yellow]skipped[/] {skip.Item.Id.Split('|')[0]}: {skip.Problem}");
        AnsiConsole.MarkupLineInterpolated($"[green]model package written to {package.Directory}[/] (L2 {Trainer.L2Text(result.L2)}, validation accuracy {result.Validation.Accuracy:P1})");
        return 0;
    }

    /// <summary>What was held out, and which labels the validation figures say nothing about.</summary>
    private static void PrintSplit(TrainingSplit split, Dataset data)
    {
        var how = split.PerLabel ? "a small set, so split label by label" : "a random split";
        AnsiConsole.MarkupLineInterpolated($"held out for validation: {split.Valid.Count} of {data.Items.Count} images, {how} ({split.HeldOutPerLabel()})");
        foreach (var label in split.UnvalidatedLabels)
        {
            var count = split.Train.Count(i => i.Label == label);
            AnsiConsole.MarkupLineInterpolated($"[yellow]{label}: {count} image{(count == 1 ? "" : "s")}, none held out[/]: trained on, but its accuracy is not measured; add images to this label");
        }
    }

    private static string CacheKey(Dataset data, Settings settings) =>
        $"{Sanitise(data.Name)}-{CardNames.Of(settings.Resize)}{(settings.Resize == ResizeMethod.Pad ? "-" + CardNames.Of(settings.PadMode) : "")}-{CardNames.Of(settings.Decode)}-{Augmenter.StableHashHex(settings.DataRoot)}-{ModelAssembler.Layout}";

    private static string Sanitise(string name) => string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_'));
}
