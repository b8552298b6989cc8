using Classifier.Core.Model;

namespace Classifier.Tests;

public class ModelCardTests
{
    private const string Valid = """
        {
          "name": "bears", "version": "1.2.0", "labels": ["black", "grizzly", "teddy"],
          "input": { "name": "input", "width": 224, "height": 224, "channelOrder": "RGB",
                     "pixelScale": 0.00392157, "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225] },
          "output": { "name": "output", "kind": "logits" },
          "resize": "crop", "minConfidence": 0.8
        }
        """;

    [Fact]
    public void A_fastai_style_card_reads_every_field()
    {
        var card = ModelCard.Parse(Valid);

        Assert.Equal(("bears", "1.2.0"), (card.Name, card.Version));
        Assert.Equal(["black", "grizzly", "teddy"], card.Labels);
        Assert.Equal(ResizeMethod.Crop, card.Resize);
        Assert.Equal(OutputKind.Logits, card.Output.Kind);
        Assert.Equal(0.229f, card.Input.Std[0]);
        Assert.Equal(0.8f, card.MinConfidence);
    }

    [Fact]
    public void Round_trips_through_json()
    {
        var card = ModelCard.Parse(Valid);
        Assert.Equal(card.ToJson(), ModelCard.Parse(card.ToJson()).ToJson());
    }

    [Theory]
    [InlineData("\"name\": \"bears\",", "", "field 'name' is missing")]
    [InlineData("[\"black\", \"grizzly\", \"teddy\"]", "[\"black\"]", "field 'labels' needs at least two labels")]
    [InlineData("[\"black\", \"grizzly\", \"teddy\"]", "[\"black\", \"black\"]", "field 'labels' has duplicate labels")]
    [InlineData("\"channelOrder\": \"RGB\"", "\"channelOrder\": \"RGBA\"", "field 'input.channelOrder'")]
    [InlineData("\"std\": [0.229, 0.224, 0.225]", "\"std\": [0.229, 0, 0.225]", "field 'input.std'")]
    [InlineData("\"minConfidence\": 0.8", "\"minConfidence\": 1.5", "field 'minConfidence'")]
    [InlineData("\"width\": 224", "\"width\": 0", "field 'input.width'")]
    public void A_bad_card_fails_naming_the_field(string find, string replace, string message)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelCard.Parse(Valid.Replace(find, replace)));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("\"resize\": \"crop\"", "\"resize\": \"crop\", \"padmode\": \"zeros\"", "line 6: field 'padmode' is not a card field; did you mean 'padMode'?")]
    [InlineData("\"width\": 224", "\"widht\": 224", "line 3: field 'input.widht' is not a card field; did you mean 'input.width'?")]
    [InlineData("\"minConfidence\": 0.8", "\"minConfidence\": 0.8, \"colour\": true", "field 'colour' is not a card field; the fields of the card are: name, version, description, labels, input, output, resize, padMode")]
    [InlineData("\"resize\": \"crop\"", "\"Resize\": \"crop\"", "field 'Resize' is not a card field; did you mean 'resize'?")]
    public void An_unknown_field_is_an_error_that_names_it_and_the_nearest_known_one(string find, string replace, string message)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelCard.Parse(Valid.Replace(find, replace)));
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("\"resize\": \"squash\"", "field 'resize' must be one of squish, crop, pad, random-resized-crop (got \"squash\"); did you mean 'squish'?")]
    [InlineData("\"resize\": \"Squish \"", "field 'resize' must be one of squish, crop, pad, random-resized-crop (got \"Squish \")")]
    [InlineData("\"resize\": 1", "field 'resize' must be one of squish, crop, pad, random-resized-crop (got the number 1)")]
    [InlineData("\"resize\": \"pad\", \"padMode\": \"reflect\"", "field 'padMode' must be one of reflection, zeros, border (got \"reflect\")")]
    [InlineData("\"resize\": \"crop\", \"orientation\": \"none\"", "field 'orientation' must be one of exif, ignore (got \"none\")")]
    [InlineData("\"resize\": \"crop\", \"decode\": \"scaled\"", "field 'decode' must be one of fast, exact (got \"scaled\")")]
    public void Enum_values_are_exact_and_the_error_lists_the_allowed_ones(string replace, string message)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelCard.Parse(Valid.Replace("\"resize\": \"crop\"", replace)));
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("Classifier.", error.Message); // no .NET type names
    }

    [Theory]
    [InlineData("\"width\": 224", "\"width\": \"224\"", "field 'input.width' must be a whole number (got the text \"224\")")]
    [InlineData("\"width\": 224", "\"width\": 22.5", "field 'input.width' must be a whole number (got the number 22.5)")]
    [InlineData("\"minConfidence\": 0.8", "\"minConfidence\": \"high\"", "field 'minConfidence' must be a number (got the text \"high\")")]
    [InlineData("[\"black\", \"grizzly\", \"teddy\"]", "\"black, grizzly\"", "field 'labels' must be a list ([ ... ]) of texts in quotes")]
    [InlineData("[0.229, 0.224, 0.225]", "[0.229, \"0.224\", 0.225]", "field 'input.std[1]' must be a number")]
    [InlineData("{ \"name\": \"output\", \"kind\": \"logits\" }", "\"output\"", "field 'output' must be an object ({ ... }) (got the text \"output\")")]
    public void Wrong_types_are_refused_saying_what_was_expected(string find, string replace, string message)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelCard.Parse(Valid.Replace(find, replace)));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_json_syntax_error_gives_the_line_and_column()
    {
        var broken = Valid.Replace("\"version\": \"1.2.0\",", "\"version\": \"1.2.0\"");

        var error = Assert.Throws<ModelLoadException>(() => ModelCard.Parse(broken, "bears/model.json"));

        Assert.StartsWith("bears/model.json, line 2, column ", error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void The_fastai_fields_read_in_the_cards_own_spelling()
    {
        var card = ModelCard.Parse(Valid.Replace("\"resize\": \"crop\"",
            "\"resize\": \"random-resized-crop\", \"valXtra\": 0.2, \"padMode\": \"border\", \"orientation\": \"ignore\", \"decode\": \"exact\""));

        Assert.Equal(new Classifier.Core.Imaging.ImageFit(ResizeMethod.RandomResizedCrop, PadMode.Border, 0.2), card.Fit);
        Assert.Equal(ImageOrientation.Ignore, card.Orientation);
        Assert.Equal(DecodeMode.Exact, card.Decode);
        Assert.Contains("\"resize\": \"random-resized-crop\"", card.ToJson());
    }

    [Fact]
    public void Left_out_the_fastai_fields_take_fastais_defaults_except_resize()
    {
        var card = ModelCard.Parse(Valid.Replace("\"resize\": \"crop\",", ""));

        Assert.Equal(ResizeMethod.Squish, card.Resize); // fastai's Resize defaults to crop: the README says so
        Assert.Equal(DecodeMode.Fast, card.Decode); // not fastai's: fastai tests and exports set "exact"
        Assert.Equal(PadMode.Reflection, card.PadMode);
        Assert.Equal(0.14, card.ValXtra);
        Assert.Equal(ImageOrientation.Exif, card.Orientation);
    }

    [Fact]
    public void Every_property_of_the_card_is_a_known_field_including_the_optional_sections()
    {
        // Written by the product, so every property appears: the strict reader must accept its own output.
        var full = ModelCard.Parse(Valid) with
        {
            Description = "bears",
            OutOfDomain = new OutOfDomainCard { Method = "mahalanobis", Threshold = 3.5f, Statistics = "ood.bin", CalibratedQuantile = 0.95f },
            Baseline = new ModelBaseline { LabelShares = new Dictionary<string, float> { ["black"] = 0.5f, ["teddy"] = 0.5f }, MeanConfidence = 0.9f },
        };

        var again = ModelCard.Parse(full.ToJson());

        Assert.Equal(3.5f, again.OutOfDomain!.Threshold);
        Assert.Equal(0.5f, again.Baseline!.LabelShares["teddy"]);
    }
}
