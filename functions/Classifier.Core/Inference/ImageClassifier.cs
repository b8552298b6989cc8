using System.Diagnostics;
using Classifier.Core.Imaging;
using Classifier.Core.Inference.OutOfDomain;
using Classifier.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace Classifier.Core.Inference;

/// <summary>
/// The one place where images meet the model: decode, fit, tensor, ONNX Runtime, top-k and status.
/// Holds one <see cref="InferenceSession"/> for the life of the process; safe to share between threads.
/// Its one public way in is <see cref="ClassifyAsync"/>; the synchronous, batch and prepared-image steps are
/// internal, for training, the CLI's model tools and the tests (InternalsVisibleTo in the project file).
/// </summary>
public sealed class ImageClassifier : IDisposable
{
    private readonly OnnxRunner _runner;
    private readonly MicroBatcher? _batcher;
    private readonly OutOfDomainDetector? _outOfDomain;

    private ImageClassifier(ModelPackage package, OnnxRunner runner, ClassifierOptions options)
    {
        Package = package;
        OnnxPath = package.OnnxPathFor(options.Precision);
        _runner = runner;
        Limits = options.Limits;
        MinConfidence = options.MinConfidence ?? package.Card.MinConfidence;
        Info = new ModelInfo(Card.Name, Card.Version);
        var cardPath = Path.Combine(package.Directory, ModelPackage.CardFileName);
        CheckAgainstSession(Card, runner.Session, cardPath);
        _outOfDomain = OutOfDomainDetector.For(package);
        if (_outOfDomain is not null && runner.Session.OutputMetadata[Card.Output.Features!].Dimensions[^1] is > 0 and var length)
            _outOfDomain.CheckFeatureLength(length, cardPath);
        if (options.MaxBatch > 0)
            _batcher = new MicroBatcher(Run, options.MaxBatch, TimeSpan.FromMilliseconds(options.MaxBatchWaitMs));
    }

    public ModelPackage Package { get; }
    /// <summary>The ONNX file this classifier serves (model.onnx, or model.int8.onnx for int8).</summary>
    public string OnnxPath { get; }
    public ModelCard Card => Package.Card;
    public ModelInfo Info { get; }
    public ImageLimits Limits { get; }
    public float MinConfidence { get; }

    /// <summary>Scores how far an image is from the training data; null when the package has no features or no statistics.</summary>
    public OutOfDomainDetector? OutOfDomain => _outOfDomain;

    /// <summary>Loads the model once; a card that does not match the ONNX graph fails here, naming the field.</summary>
    public static ImageClassifier Load(ModelPackage package, ClassifierOptions? options = null)
    {
        options ??= new ClassifierOptions();
        var served = package.OnnxPathFor(options.Precision);
        var runner = OnnxRunner.Open(served, options.IntraOpThreads, package.Sha256Of(served), options.OptimizedModelCacheFolder);
        try
        {
            return new ImageClassifier(package, runner, options);
        }
        catch
        {
            runner.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Classifies one encoded image in the caller's thread; bad bytes raise <see cref="ImageRejectedException"/>.
    /// Limits passed here win over the ones this classifier was loaded with.
    /// </summary>
    internal Prediction Classify(ReadOnlySpan<byte> encoded, int top = 3, ImageLimits? limits = null)
    {
        var clock = Stopwatch.StartNew();
        var prepared = DecodeAndPrepare(encoded, limits);
        var preprocessMs = clock.Elapsed.TotalMilliseconds;
        var run = Run([prepared]);
        var totalMs = clock.Elapsed.TotalMilliseconds;
        return ToPrediction(run.Scores[0], run.Features?[0], top, new Timings(Round(preprocessMs), Round(totalMs - preprocessMs), Round(totalMs)));
    }

    /// <summary>
    /// What every host calls: classifies one encoded image, running the model through the micro-batcher, so
    /// concurrent callers share session runs (Classifier__MaxBatch, Classifier__MaxBatchWaitMs). Bytes that are
    /// not a usable image raise <see cref="ImageRejectedException"/> (the HTTP routes answer it with a status;
    /// the blob step stores it as a rejected result). Hosts pass their configured limits, which win over the
    /// ones this classifier was loaded with.
    /// </summary>
    public async Task<Prediction> ClassifyAsync(ReadOnlyMemory<byte> encoded, int top = 3, ImageLimits? limits = null)
    {
        if (_batcher is null)
            return Classify(encoded.Span, top, limits);
        var clock = Stopwatch.StartNew();
        _batcher.Preparing();
        RgbImage prepared;
        try
        {
            prepared = DecodeAndPrepare(encoded.Span, limits);
        }
        catch
        {
            _batcher.Abandoned();
            throw;
        }
        var preprocessMs = clock.Elapsed.TotalMilliseconds;
        var (scores, features) = await _batcher.RunAsync(prepared);
        var totalMs = clock.Elapsed.TotalMilliseconds;
        return ToPrediction(scores, features, top, new Timings(Round(preprocessMs), Round(totalMs - preprocessMs), Round(totalMs)));
    }

    /// <summary>Bytes to the model's input: decode within the limits (the caller's, else the classifier's), orient as the card says, fit.</summary>
    private RgbImage DecodeAndPrepare(ReadOnlySpan<byte> encoded, ImageLimits? limits) => Prepare(ImageDecoder.Decode(encoded, limits ?? Limits, Card.DecodeOptions));

    /// <summary>Classifies many images in as few session runs as the model allows; bad ones come back rejected.</summary>
    internal IReadOnlyList<Prediction> ClassifyBatch(IReadOnlyList<byte[]> encoded, int top = 3)
    {
        var clock = Stopwatch.StartNew();
        var results = new Prediction?[encoded.Count];
        var good = new List<(int Index, RgbImage Image)>();
        for (var i = 0; i < encoded.Count; i++)
        {
            try
            {
                good.Add((i, Prepare(ImageDecoder.Decode(encoded[i], Limits, Card.DecodeOptions))));
            }
            catch (ImageRejectedException e)
            {
                results[i] = Prediction.Rejected(Info, e.Message);
            }
        }
        var preprocessMs = clock.Elapsed.TotalMilliseconds;
        var run = Run(good.Select(g => g.Image).ToList());
        var totalMs = clock.Elapsed.TotalMilliseconds;
        var timings = new Timings(Round(preprocessMs / Math.Max(1, encoded.Count)), Round((totalMs - preprocessMs) / Math.Max(1, good.Count)), Round(totalMs / Math.Max(1, encoded.Count)));
        for (var j = 0; j < good.Count; j++)
            results[good[j].Index] = ToPrediction(run.Scores[j], run.Features?[j], top, timings);
        return results!;
    }

    /// <summary>Predictions (status and out-of-domain score included) for images already fitted with <see cref="Prepare"/>.</summary>
    internal IReadOnlyList<Prediction> Predict(IReadOnlyList<RgbImage> prepared, int top = 3)
    {
        var run = Run(prepared);
        return prepared.Select((_, i) => ToPrediction(run.Scores[i], run.Features?[i], top, null)).ToList();
    }


    /// <summary>Fits a decoded image to the model's input size with the card's resize settings.</summary>
    internal RgbImage Prepare(RgbImage image) => ImageFitter.Fit(image, Card.Input.Width, Card.Input.Height, Card.Fit);

    /// <summary>
    /// Runs prepared (already fitted) images and returns class probabilities and, when the card names a
    /// features output, the feature vectors. The building block for batch scoring, evaluation and training.
    /// </summary>
    internal ModelRun Run(IReadOnlyList<RgbImage> prepared)
    {
        var features = Card.Output.Features;
        var outputs = _runner.Run(Card.Input, prepared, features is null ? [Card.Output.Name] : [Card.Output.Name, features]);
        var scores = Card.Output.Kind == OutputKind.Logits ? outputs[0].Select(Softmax).ToArray() : outputs[0];
        return new ModelRun(scores, features is null ? null : outputs[1]);
    }

    private Prediction ToPrediction(float[] probabilities, float[]? features, int top, Timings? timings)
    {
        var ranked = probabilities
            .Select((p, i) => new LabelProbability(Card.Labels[i], p))
            .OrderByDescending(lp => lp.Probability)
            .Take(Math.Clamp(top, 1, Card.Labels.Count))
            .ToList();
        var best = ranked[0];
        var outOfDomain = features is null ? null : _outOfDomain?.Assess(features);
        return new Prediction
        {
            Label = best.Label,
            Confidence = best.Probability,
            // Far from the training data, a high probability means nothing: out-of-domain wins.
            Status = outOfDomain is { } ood && ood.Score > ood.Threshold ? PredictionStatus.OutOfDomain
                : best.Probability >= MinConfidence ? PredictionStatus.Confident : PredictionStatus.Uncertain,
            Predictions = ranked,
            OutOfDomain = outOfDomain,
            Model = Info,
            Timings = timings,
        };
    }

    internal static float[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exp = logits.Select(v => Math.Exp(v - max)).ToArray();
        var sum = exp.Sum();
        return exp.Select(e => (float)(e / sum)).ToArray();
    }

    /// <summary>Checks the card against the graph, naming the field that does not fit.</summary>
    private static void CheckAgainstSession(ModelCard card, InferenceSession session, string source)
    {
        void Fail(string field, string problem) => throw new ModelLoadException($"{source}: field '{field}' {problem}");
        static string Names(IEnumerable<string> names) => string.Join(", ", names);

        if (!session.InputMetadata.TryGetValue(card.Input.Name, out var inputMeta))
            Fail("input.name", $"is \"{card.Input.Name}\" but the model's inputs are: {Names(session.InputMetadata.Keys)}");
        var dims = inputMeta!.Dimensions;
        if (dims.Length != 4)
            Fail("input.name", $"names an input of rank {dims.Length}; an NCHW image input of rank 4 is needed");
        if (dims[1] > 0 && dims[1] != 3)
            Fail("input.name", $"names an input with {dims[1]} channels; 3 are needed");
        if (dims[2] > 0 && dims[2] != card.Input.Height)
            Fail("input.height", $"is {card.Input.Height} but the model's input is {dims[2]} high");
        if (dims[3] > 0 && dims[3] != card.Input.Width)
            Fail("input.width", $"is {card.Input.Width} but the model's input is {dims[3]} wide");

        if (!session.OutputMetadata.TryGetValue(card.Output.Name, out var outputMeta))
            Fail("output.name", $"is \"{card.Output.Name}\" but the model's outputs are: {Names(session.OutputMetadata.Keys)}");
        var classes = outputMeta!.Dimensions[^1];
        if (classes > 0 && classes != card.Labels.Count)
            Fail("labels", $"has {card.Labels.Count} labels but the model's output '{card.Output.Name}' gives {classes} scores");
        if (card.Output.Features is { } features && !session.OutputMetadata.ContainsKey(features))
            Fail("output.features", $"is \"{features}\" but the model's outputs are: {Names(session.OutputMetadata.Keys)}");
    }

    private static double Round(double ms) => Math.Round(ms, 2);

    public void Dispose()
    {
        _batcher?.Dispose();
        _runner.Dispose();
    }
}
