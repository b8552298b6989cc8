using Classifier.Core.Imaging;
using Classifier.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Pipeline.Tests.Pipeline;

/// <summary>The app settings as the Bicep writes them (Classifier__*, Api__PublicDemo; empty strings for "not set").</summary>
public sealed class SettingsTests
{
    private static PipelineSettings From(params (string Key, string Value)[] values) =>
        PipelineSettings.From(new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build());

    [Fact]
    public void Nothing_set_means_the_defaults()
    {
        var settings = From();
        Assert.Equal("models", settings.ModelContainer);
        Assert.Null(settings.Classifier.MinConfidence);
        Assert.Equal(ImageLimits.DefaultMaxBytes, settings.Limits.MaxBytes);
        Assert.False(settings.PublicDemo);
    }

    [Fact]
    public void Empty_strings_mean_not_set_except_the_model_container_where_empty_means_do_not_look()
    {
        var settings = From(("Classifier:MinConfidence", ""), ("Classifier:MaxImageBytes", ""), ("Classifier:ModelContainer", ""), ("Api:PublicDemo", ""));
        Assert.Null(settings.Classifier.MinConfidence);
        Assert.Equal(ImageLimits.DefaultMaxBytes, settings.Limits.MaxBytes);
        Assert.Equal("", settings.ModelContainer);
        Assert.False(settings.PublicDemo);
    }

    [Fact]
    public void Values_are_read_as_the_bicep_writes_them()
    {
        var settings = From(("Classifier:MinConfidence", "0.75"), ("Classifier:MaxImageBytes", "1048576"), ("Classifier:MaxPixels", "1000000"),
            ("Classifier:IntraOpThreads", "2"), ("Api:PublicDemo", "true"));
        Assert.Equal(0.75f, settings.Classifier.MinConfidence);
        Assert.Equal(1048576, settings.Limits.MaxBytes);
        Assert.Equal(1000000, settings.Limits.MaxPixels);
        Assert.Equal(2, settings.Classifier.IntraOpThreads);
        Assert.True(settings.PublicDemo);
    }

    [Theory]
    [InlineData("Classifier:MinConfidence", "high")]
    [InlineData("Classifier:MinConfidence", "1.5")]
    [InlineData("Classifier:MaxImageBytes", "-1")]
    [InlineData("Classifier:MaxImageBytes", "1.5")]
    [InlineData("Classifier:Precision", "fp16")]
    [InlineData("Classifier:Precision", "1")]
    [InlineData("Api:PublicDemo", "yes")]
    [InlineData("Limits:QueueWaitMs", "soon")]
    public void A_bad_value_names_the_setting_and_what_it_got(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => From((key, value)));
        Assert.Contains("setting " + key.Replace(":", "__"), error.Message);
        Assert.Contains(value, error.Message);
    }

    [Fact]
    public void An_unset_pixel_budget_grows_to_one_image_at_the_pixel_limit()
    {
        var settings = From(("Classifier:MaxPixels", "60000000"), ("Limits:PixelsInFlight", ""));
        Assert.Equal(60_000_000, settings.Load.PixelsInFlight);
    }
}
