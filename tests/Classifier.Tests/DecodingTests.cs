using Classifier.Core.Imaging;
using Classifier.Core.Model;
using SkiaSharp;

namespace Classifier.Tests;

public class DecodingTests
{
    [Theory]
    [InlineData("photo.png", 0)]
    [InlineData("photo.bmp", 0)]
    [InlineData("photo.webp", 0)]
    [InlineData("gray.png", 0)]
    [InlineData("alpha.png", 0)]
    [InlineData("anim.gif", 0)]
    [InlineData("photo.jpg", 6)]
    [InlineData("cmyk.jpg", 12)]
    [InlineData("rotated.jpg", 6)]
    public void Decodes_to_the_same_upright_RGB_pixels_as_Pillow(string file, int tolerance)
    {
        var expected = Fixture.Expected.GetProperty(file);

        var image = ImageDecoder.Decode(Fixture.Bytes(file));

        Assert.Equal(expected.GetProperty("width").GetInt32(), image.Width);
        Assert.Equal(expected.GetProperty("height").GetInt32(), image.Height);
        foreach (var sample in expected.GetProperty("samples").EnumerateArray())
        {
            var (x, y) = (sample[0].GetInt32(), sample[1].GetInt32());
            var rgb = sample[2].EnumerateArray().Select(v => v.GetInt32()).ToArray();
            var (r, g, b) = image[x, y];
            Assert.True(Math.Abs(r - rgb[0]) <= tolerance && Math.Abs(g - rgb[1]) <= tolerance && Math.Abs(b - rgb[2]) <= tolerance,
                $"{file} at ({x},{y}): got ({r},{g},{b}), Pillow gives ({rgb[0]},{rgb[1]},{rgb[2]})");
        }
    }

    [Fact]
    public void Exif_rotated_jpeg_comes_out_upright()
    {
        // Stored 40x24 with orientation 6: shown 24x40, the stored top-left (red) quadrant now top-right.
        var image = ImageDecoder.Decode(Fixture.Bytes("rotated.jpg"));

        Assert.Equal((24, 40), (image.Width, image.Height));
        var (r, g, b) = image[18, 10];
        Assert.True(r > 150 && g < 100 && b < 100, $"expected red top-right, got ({r},{g},{b})");
    }

    [Fact]
    public void Sixteen_bit_png_becomes_eight_bit_grey()
    {
        var image = ImageDecoder.Decode(Fixture.Bytes("gray16.png"));

        Assert.Equal((40, 24), (image.Width, image.Height));
        var (r, g, b) = image[20, 0]; // 16-bit value 32000 is about half way
        Assert.Equal(r, g);
        Assert.Equal(g, b);
        Assert.InRange(r, 115, 135);
    }

    [Theory]
    [InlineData("not-an-image.txt", ImageProblem.NotAnImage, "not an image")]
    [InlineData("truncated.jpg", ImageProblem.Truncated, "truncated JPEG")]
    [InlineData("corrupt.png", ImageProblem.Corrupt, "corrupt PNG")]
    [InlineData("bomb.png", ImageProblem.TooManyPixels, "image too large: 100000x100000")]
    [InlineData("icon.ico", ImageProblem.UnsupportedFormat, "unsupported image format")]
    public void Bad_bytes_raise_one_typed_error_with_a_readable_reason(string file, ImageProblem problem, string reason)
    {
        var error = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode(Fixture.Bytes(file)));

        Assert.Equal(problem, error.Problem);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_short_text_file_is_not_an_image_and_a_cut_off_png_header_is_truncated()
    {
        var text = "a note, not a picture at 1"u8.ToArray()[..25]; // shorter than the header Skia needs to tell the format
        var pngStart = Fixture.Bytes("photo.png")[..20];

        var notImage = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode(text));
        var cutOff = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode(pngStart));

        Assert.Equal(ImageProblem.NotAnImage, notImage.Problem);
        Assert.StartsWith("not an image", notImage.Message);
        Assert.Equal(ImageProblem.Truncated, cutOff.Problem);
        Assert.StartsWith("truncated PNG", cutOff.Message);
    }

    [Fact]
    public void Empty_input_is_not_an_image()
    {
        var error = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode([]));
        Assert.Equal(ImageProblem.Empty, error.Problem);
    }

    [Fact]
    public void Bytes_over_the_limit_are_refused_before_decoding()
    {
        var limits = new ImageLimits { MaxBytes = 100 };

        var error = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode(Fixture.Bytes("photo.jpg"), limits));

        Assert.Equal(ImageProblem.TooManyBytes, error.Problem);
        Assert.True(error.IsTooLarge);
        Assert.Contains("image too large", error.Message);
    }

    [Fact]
    public void Pixel_limit_is_checked_from_the_header()
    {
        var limits = new ImageLimits { MaxPixels = 500 }; // 40x24 = 960 pixels

        var error = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode(Fixture.Bytes("photo.png"), limits));

        Assert.Equal(ImageProblem.TooManyPixels, error.Problem);
        Assert.Contains("40x24", error.Message);
    }

    [Fact]
    public void Probe_reads_format_and_size_without_decoding()
    {
        Assert.Equal(("WebP", 40, 24), ImageDecoder.Probe(Fixture.Bytes("photo.webp")));
        Assert.Throws<ImageRejectedException>(() => ImageDecoder.Probe(Fixture.Bytes("bomb.png")));
    }

    [Theory]
    [InlineData(1, 999_999)]
    [InlineData(999_999, 1)]
    [InlineData(40, 999_999)]
    [InlineData(2, 500_000)]
    public void Extreme_shapes_are_refused_from_the_header(int width, int height)
    {
        var png = ShapedPng.Grey(width, height);

        var error = Assert.Throws<ImageRejectedException>(() => ImageDecoder.Decode(png));

        Assert.Equal(ImageProblem.ExtremeShape, error.Problem);
        Assert.False(error.IsTooLarge);
        Assert.Contains($"{width}x{height}", error.Message);
    }

    [Fact]
    public void A_panorama_within_the_aspect_limit_decodes()
    {
        var image = ImageDecoder.Decode(ShapedPng.Grey(2000, 200, level: 77));

        Assert.Equal((2000, 200), (image.Width, image.Height));
        Assert.Equal((77, 77, 77), image[1999, 199]);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, 2000, 1800, 500, 450)] // 2/8: 1/8 (250 x 225) is under twice 224
    [InlineData(SKEncodedImageFormat.Jpeg, 1200, 1000, 600, 500)] // 4/8
    [InlineData(SKEncodedImageFormat.Jpeg, 500, 500, 500, 500)] // no eighth keeps 448 and is smaller
    [InlineData(SKEncodedImageFormat.Webp, 2000, 1000, 1000, 500)]
    [InlineData(SKEncodedImageFormat.Png, 1000, 1000, 1000, 1000)] // PNG has no scaled decode
    public void Fast_decodes_at_the_smallest_codec_scale_still_twice_the_target_on_both_sides(SKEncodedImageFormat format, int width, int height, int expectedW, int expectedH)
    {
        var bytes = TestImages.Encode(TestImages.Solid(width, height, 200, 40, 90), format, 90);
        var fast = new DecodeOptions { Mode = DecodeMode.Fast, TargetWidth = 224, TargetHeight = 224 };

        var image = ImageDecoder.Decode(bytes, options: fast);

        Assert.Equal((expectedW, expectedH), (image.Width, image.Height));
        var plan = ImageDecoder.Plan(bytes, null, fast);
        Assert.Equal((ImageDecoder.Probe(bytes).Format, expectedW, expectedH, false), (plan.Format, plan.Width, plan.Height, plan.Turns));
        Assert.Equal((width, height), (ImageDecoder.Decode(bytes).Width, ImageDecoder.Decode(bytes).Height)); // exact: every pixel
        var (r, g, b) = image[expectedW / 2, expectedH / 2];
        Assert.InRange(r, 190, 210);
        Assert.InRange(g, 30, 50);
        Assert.InRange(b, 80, 100);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Jpeg, true, 3)] // libjpeg-turbo decodes by rows through one band
    [InlineData(SKEncodedImageFormat.Png, false, 7)] // Skia's PNG codec has no row decode (Unimplemented)
    [InlineData(SKEncodedImageFormat.Webp, false, 7)] // the codec's RGBA picture, then the RGB image
    public void The_plan_counts_what_the_decode_holds_at_its_peak(SKEncodedImageFormat format, bool byRows, int bytesPerPixel)
    {
        var bytes = TestImages.Encode(TestImages.Solid(300, 200, 10, 20, 30), format, 90);

        var plan = ImageDecoder.Plan(bytes, null, DecodeOptions.Exact);

        Assert.Equal((byRows, 300L * 200 * bytesPerPixel), (plan.ByRows, plan.PeakBytes));
    }

    [Fact]
    public void The_plan_counts_a_progressive_jpegs_coefficients_which_a_baseline_one_does_not_hold()
    {
        // 70x50 at 4:2:0: luma 10x8 blocks (9x7 padded to whole 2x2 MCUs), each chroma 5x4; 64 coefficients of 2 bytes each.
        var progressive = ImageDecoder.Plan(Fixture.Bytes("progressive-70x50.jpg"), null, DecodeOptions.Exact);
        var baseline = ImageDecoder.Plan(TestImages.Encode(TestImages.Solid(70, 50, 200, 40, 90), SKEncodedImageFormat.Jpeg, 80), null, DecodeOptions.Exact);

        Assert.Equal(((80 + 20 + 20) * 64 * 2L), progressive.CodecBytes);
        Assert.Equal((70L * 50 * 3) + progressive.CodecBytes, progressive.PeakBytes);
        Assert.Equal(0, baseline.CodecBytes);
        var image = ImageDecoder.Decode(Fixture.Bytes("progressive-70x50.jpg"));
        Assert.Equal((70, 50), (image.Width, image.Height));
    }

    [Fact]
    public void A_fast_decode_of_a_real_photo_gives_the_exact_decodes_prediction()
    {
        // astronaut.jpg is 512 x 512: decoded at 7/8 (448), then resized as usual.
        var classifier = SharedModel.Classifier;
        var bytes = Fixture.Bytes("astronaut.jpg");
        var exact = classifier.Predict([classifier.Prepare(ImageDecoder.Decode(bytes))], top: 10)[0];
        var fast = classifier.Predict([classifier.Prepare(ImageDecoder.Decode(bytes, options: classifier.Card.DecodeOptions))], top: 10)[0];

        Assert.Equal(DecodeMode.Fast, classifier.Card.Decode);
        Assert.Equal(exact.Label, fast.Label);
        Assert.InRange(Math.Abs(exact.Confidence - fast.Confidence), 0, 0.1);
    }
}
