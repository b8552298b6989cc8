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
    [InlineData("\"resize\": \"crop\"", "\"resize\": \"stretch\"", "invalid JSON at 'resize'")]
    [InlineData("\"width\": 224", "\"width\": 0", "field 'input.width'")]
    public void A_bad_card_fails_naming_the_field(string find, string replace, string message)
    {
        var error = Assert.Throws<ModelLoadException>(() => ModelCard.Parse(Valid.Replace(find, replace)));
        Assert.Contains(message, error.Message);
    }
}
