using Classifier.Core.Imaging;
using Classifier.Core.Model;

namespace Classifier.Tests;

public class ResizeTests
{
    public static TheoryData<string> PillowReferences()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Fixture.Expected.GetProperty("resizes").EnumerateObject())
            data.Add(entry.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(PillowReferences))]
    public void Matches_Pillow_bilinear_and_fastai_crop_pad_to_the_grey_level(string reference)
    {
        var spec = Fixture.Expected.GetProperty("resizes").GetProperty(reference);
        var method = Enum.Parse<ResizeMethod>(spec.GetProperty("method").GetString()!, ignoreCase: true);
        var source = ImageDecoder.Decode(Fixture.Bytes("resize-source.png"));

        // These references were made with black borders (torchvision's "constant" pad).
        var result = ImageFitter.Fit(source, spec.GetProperty("width").GetInt32(), spec.GetProperty("height").GetInt32(), new ImageFit(method, PadMode.Zeros));

        var expected = Fixture.Bytes(reference);
        Assert.Equal(expected.Length, result.Pixels.Length);
        var worst = expected.Zip(result.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst == 0, $"{reference}: largest difference from Pillow is {worst} grey levels");
    }

    [Theory]
    [InlineData(1008, 756, 224, 224)] // a phone photo's fast decode: horizontal pass first
    [InlineData(60, 9000, 224, 224)] // tall and thin: vertical pass first
    [InlineData(2000, 300, 1000, 150)]
    public void Two_cores_give_the_same_pixels_as_one(int sourceWidth, int sourceHeight, int width, int height)
    {
        var source = new RgbImage(sourceWidth, sourceHeight);
        new Random(5).NextBytes(source.Pixels);

        var one = BilinearResampler.Resize(source, 0, 0, sourceWidth, sourceHeight, width, height, twoCores: false);
        var two = BilinearResampler.Resize(source, 0, 0, sourceWidth, sourceHeight, width, height, twoCores: true);

        Assert.True(one.Pixels.AsSpan().SequenceEqual(two.Pixels), "the two-core resize differs from the one-core one");
    }

    /// <summary>A 300x100 image in three vertical bands: red | green | blue.</summary>
    private static RgbImage Bands()
    {
        var image = new RgbImage(300, 100);
        for (var y = 0; y < 100; y++)
        {
            for (var x = 0; x < 300; x++)
            {
                var i = ((y * 300) + x) * 3;
                image.Pixels[i + (x / 100)] = 255;
            }
        }
        return image;
    }

    [Fact]
    public void Crop_keeps_the_centre_and_cuts_the_sides()
    {
        var square = ImageFitter.Fit(Bands(), 50, 50, ResizeMethod.Crop);

        Assert.Equal((0, 255, 0), square[0, 25]);
        Assert.Equal((0, 255, 0), square[49, 25]);
    }

    [Fact]
    public void Pad_with_zeros_keeps_everything_and_fills_black_above_and_below()
    {
        var square = ImageFitter.Fit(Bands(), 60, 60, new ImageFit(ResizeMethod.Pad, PadMode.Zeros));

        Assert.Equal((0, 0, 0), square[30, 2]);
        Assert.Equal((0, 0, 0), square[30, 57]);
        Assert.Equal((255, 0, 0), square[3, 30]);
        Assert.Equal((0, 0, 255), square[56, 30]);
    }

    [Fact]
    public void Pad_by_default_mirrors_the_image_into_the_border_as_fastai_does()
    {
        var square = ImageFitter.Fit(Bands(), 60, 60, ResizeMethod.Pad);

        // Above and below the bands the border mirrors them: the colours continue, nothing is black.
        Assert.Equal((0, 255, 0), square[30, 2]);
        Assert.Equal((255, 0, 0), square[3, 57]);
    }

    [Fact]
    public void Squish_stretches_the_whole_image_into_the_square()
    {
        var square = ImageFitter.Fit(Bands(), 60, 60, ResizeMethod.Squish);

        Assert.Equal((255, 0, 0), square[3, 2]);
        Assert.Equal((0, 255, 0), square[30, 57]);
        Assert.Equal((0, 0, 255), square[56, 30]);
    }

    [Fact]
    public void A_strip_too_elongated_to_pad_is_refused_before_gigabytes_are_allocated()
    {
        var strip = new RgbImage(1, 20_000);

        var error = Assert.Throws<ImageRejectedException>(() => ImageFitter.Fit(strip, 224, 224, ResizeMethod.Pad));

        Assert.True(error.IsTooLarge);
        Assert.Contains("image too elongated to pad: 1x20000", error.Message);
        var squished = ImageFitter.Fit(strip, 224, 224, ResizeMethod.Squish); // other methods build no padded region
        Assert.Equal((224, 224), (squished.Width, squished.Height));
    }

    [Fact]
    public void Same_size_returns_the_pixels_unchanged()
    {
        var bands = Bands();
        Assert.Same(bands, BilinearResampler.Resize(bands, 300, 100));
    }

    /// <summary>A small image with a different colour in every pixel.</summary>
    private static RgbImage Noise(int width, int height, int seed)
    {
        var image = new RgbImage(width, height);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    /// <summary>The region copied out, black where it passes the image: what pad and crop used to build.</summary>
    private static RgbImage Materialise(RgbImage image, int left, int top, int width, int height)
    {
        var region = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (sx, sy) = (x + left, y + top);
                if (sx < 0 || sy < 0 || sx >= image.Width || sy >= image.Height)
                    continue;
                var (r, g, b) = image[sx, sy];
                (region.Pixels[((y * width) + x) * 3], region.Pixels[((y * width) + x) * 3 + 1], region.Pixels[((y * width) + x) * 3 + 2]) = (r, g, b);
            }
        }
        return region;
    }

    [Theory]
    [InlineData(31, 7, -2, -12, 31, 31, 16, 16)] // pad: black above and below
    [InlineData(9, 40, -15, 0, 40, 40, 24, 24)]  // pad: black left and right
    [InlineData(50, 20, 15, 0, 20, 20, 12, 12)]  // crop the centre
    [InlineData(20, 30, 0, 5, 20, 20, 40, 40)]   // crop and enlarge
    public void Reading_a_region_in_place_equals_resizing_the_copied_region(
        int width, int height, int left, int top, int regionWidth, int regionHeight, int outWidth, int outHeight)
    {
        var image = Noise(width, height, seed: width * height);

        var inPlace = BilinearResampler.Resize(image, left, top, regionWidth, regionHeight, outWidth, outHeight);
        var copied = BilinearResampler.Resize(Materialise(image, left, top, regionWidth, regionHeight), outWidth, outHeight);

        Assert.Equal(copied.Pixels, inPlace.Pixels);
    }

    [Theory]
    [InlineData(1, 200_000)]
    [InlineData(200_000, 1)]
    [InlineData(3, 120_000)]
    public void Extreme_strips_resize_to_their_colour(int width, int height)
    {
        var strip = TestImages.Solid(width, height, 90, 160, 220);

        foreach (var method in new[] { ResizeMethod.Squish, ResizeMethod.Crop })
        {
            var square = ImageFitter.Fit(strip, 224, 224, method);
            Assert.Equal((224, 224), (square.Width, square.Height));
            Assert.All(Enumerable.Range(0, 224 * 224), i => Assert.Equal((90, 160, 220), ((int)square.Pixels[i * 3], (int)square.Pixels[(i * 3) + 1], (int)square.Pixels[(i * 3) + 2])));
        }
        // Zero padding reads the region in place; reflection would build it in full and is refused (above).
        var padded = ImageFitter.Fit(strip, 224, 224, new ImageFit(ResizeMethod.Pad, PadMode.Zeros, ImageFit.DefaultValXtra));
        Assert.Equal((0, 0, 0), padded[width > height ? 112 : 0, width > height ? 0 : 112]); // the padding is black
    }
}
