using System.Text.Json;
using System.Text.Json.Serialization;
using Classifier.Core.Imaging;

namespace Classifier.Core.Model;

/// <summary>The model card (model.json): everything needed to feed the ONNX model and read its answer.</summary>
public sealed record ModelCard
{
    public string Name { get; init; } = "";
    public string Version { get; init; } = "";
    public string? Description { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public ModelInput Input { get; init; } = new();
    public ModelOutput Output { get; init; } = new();
    public ResizeMethod Resize { get; init; } = ResizeMethod.Squish;
    /// <summary>How <c>pad</c> fills the border; fastai's <c>Resize</c> pads with reflection unless told otherwise.</summary>
    public PadMode PadMode { get; init; } = PadMode.Reflection;
    /// <summary>For <c>random-resized-crop</c>: the margin, as a share of the size, squished in and then cut away (fastai's val_xtra).</summary>
    public double ValXtra { get; init; } = ImageFit.DefaultValXtra;
    /// <summary>Apply the EXIF orientation tag (as a phone shows the photo) or ignore it (as fastai loads it).</summary>
    public ImageOrientation Orientation { get; init; } = ImageOrientation.Exif;
    /// <summary>Decode JPEG and WebP scaled to the model's size (fast) or in full as PIL does (exact); training uses the same.</summary>
    public DecodeMode Decode { get; init; } = DecodeMode.Fast;

    /// <summary>The decode settings as one value for <see cref="ImageDecoder"/>.</summary>
    [JsonIgnore]
    public DecodeOptions DecodeOptions => new() { Orientation = Orientation, Mode = Decode, TargetWidth = Input.Width, TargetHeight = Input.Height };

    /// <summary>The resize settings as one value for <see cref="ImageFitter"/>.</summary>
    [JsonIgnore]
    public ImageFit Fit => new(Resize, PadMode, ValXtra);
    /// <summary>Under this top probability a prediction is "uncertain" and a person should check it.</summary>
    public float MinConfidence { get; init; } = 0.5f;
    /// <summary>Out-of-domain scoring; absent when the package has no statistics (or no features output).</summary>
    public OutOfDomainCard? OutOfDomain { get; init; }
    /// <summary>Validation-time rates and the training label mix, for drift monitoring; optional.</summary>
    public ModelBaseline? Baseline { get; init; }

    internal static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // The card is a file people read: keep "+" and non-ASCII letters as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Property names are matched exactly: "Resize" is an unknown field, not a second spelling of "resize".
        PropertyNameCaseInsensitive = false,
        // The strict reader asks for the card's properties before anything is serialised.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(CardNames.Policy, allowIntegerValues: false) },
    };

    /// <summary>
    /// Reads and checks a card; every problem names the field it is about and the line it is on. Unknown
    /// fields, values of the wrong type and enum values not spelled exactly are refused, not ignored.
    /// </summary>
    public static ModelCard Parse(string json, string source = "model.json")
    {
        CardJsonChecker.Check<ModelCard>(json, source, JsonOptions);
        ModelCard? card;
        try
        {
            card = JsonSerializer.Deserialize<ModelCard>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            // The checker has seen every value already; this is a safety net, not the usual path.
            var where = e.Path is null ? "" : $" at '{e.Path.TrimStart('$', '.')}'";
            throw new ModelLoadException($"{source}: invalid card{where}: {FirstSentence(e.Message)}");
        }
        if (card is null)
            throw new ModelLoadException($"{source}: the card is empty");
        card.Validate(source);
        return card;
    }

    public static ModelCard Load(string path) => Parse(File.ReadAllText(path), path);

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private void Validate(string source)
    {
        void Require(bool ok, string field, string problem)
        {
            if (!ok)
                throw new ModelLoadException($"{source}: field '{field}' {problem}");
        }

        Require(!string.IsNullOrWhiteSpace(Name), "name", "is missing");
        Require(!string.IsNullOrWhiteSpace(Version), "version", "is missing");
        Require(Labels is { Count: >= 2 }, "labels", "needs at least two labels");
        Require(Labels.All(l => !string.IsNullOrWhiteSpace(l)), "labels", "has an empty label");
        Require(Labels.Distinct().Count() == Labels.Count, "labels", "has duplicate labels");
        Require(!string.IsNullOrWhiteSpace(Input.Name), "input.name", "is missing");
        Require(Input.Width is > 0 and <= 4096, "input.width", $"must be between 1 and 4096 (got {Input.Width})");
        Require(Input.Height is > 0 and <= 4096, "input.height", $"must be between 1 and 4096 (got {Input.Height})");
        Require(Input.ChannelOrder is "RGB" or "BGR", "input.channelOrder", $"must be \"RGB\" or \"BGR\" (got \"{Input.ChannelOrder}\")");
        Require(Input.PixelScale > 0, "input.pixelScale", "must be positive");
        Require(Input.Mean is { Length: 3 }, "input.mean", "needs three values, one per channel");
        Require(Input.Std is { Length: 3 } && Input.Std.All(s => s > 0), "input.std", "needs three positive values, one per channel");
        Require(!string.IsNullOrWhiteSpace(Output.Name), "output.name", "is missing");
        Require(ValXtra is >= 0 and <= 1, "valXtra", $"must be between 0 and 1 (got {ValXtra}; fastai's default is 0.14)");
        Require(MinConfidence is >= 0 and <= 1, "minConfidence", $"must be between 0 and 1 (got {MinConfidence})");
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }
}
