using Classifier.Pipeline.Blobs;

namespace Pipeline.Tests.Pipeline;

public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("JPEG", ".jpg")]
    [InlineData("PNG", ".png")]
    [InlineData("WebP", ".webp")]
    public void Generated_names_are_safe_unique_and_keep_the_format(string format, string extension)
    {
        var now = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);
        var first = BlobNames.Generate(format, now);
        var second = BlobNames.Generate(format, now);
        Assert.NotEqual(first, second);
        Assert.StartsWith("20260304T050607Z-", first);
        Assert.EndsWith(extension, first);
        Assert.Null(BlobNames.Problem(first));
        Assert.Equal(Uri.EscapeDataString(first), first); // nothing to escape in a URL
    }

    [Theory]
    [InlineData("photo.jpg")]
    [InlineData("20260304T050607Z-abc.png")]
    [InlineData("my photo (1).jpeg")]
    [InlineData("été.png")]
    public void Ordinary_names_are_fine(string name) => Assert.Null(BlobNames.Problem(name));

    [Fact]
    public void A_name_of_exactly_1024_characters_is_fine_and_one_more_is_not()
    {
        Assert.Null(BlobNames.Problem(new string('a', 1024)));
        Assert.Contains("1025", BlobNames.Problem(new string('a', 1025)));
    }
}
