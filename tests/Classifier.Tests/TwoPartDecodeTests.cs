using Classifier.Core.Imaging;
using Classifier.Core.Model;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>
/// A big baseline JPEG decoded by two codecs at once gives one codec's pixels, byte for byte, and one codec's
/// errors, for broken files too; the split is chosen only where it pays.
/// </summary>
public class TwoPartDecodeTests
{
    private static readonly DecodeOptions Fast = new() { Mode = DecodeMode.Fast, TargetWidth = 224, TargetHeight = 224 };

    /// <summary>A real photo (a committed fixture) drawn at 3024x2016 with a grain, as a camera's JPEG (baseline, 4:2:0).</summary>
    private static readonly Lazy<byte[]> PhonePhoto = new(() => BigJpeg(Fixture.Bytes("astronaut.jpg"), 3024, 2016));

    private static readonly Lazy<byte[]> WidePhoto = new(() => BigJpeg(Fixture.Bytes("coffee.jpg"), 2400, 1000));

    public static TheoryData<string, bool> Cases => new()
    {
        { "phone", false }, { "phone", true }, { "wide", false }, { "wide", true },
        { "photo.jpg", false }, { "photo.jpg", true }, { "rotated.jpg", false }, { "cmyk.jpg", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_codecs_give_one_codecs_pixels_byte_for_byte(string file, bool fast)
    {
        var bytes = file switch { "phone" => PhonePhoto.Value, "wide" => WidePhoto.Value, _ => Fixture.Bytes(file) };
        var options = fast ? Fast : DecodeOptions.Exact;
        var before = TwoPartDecode.LowerPartsDecoded;

        var one = ImageDecoder.Decode(bytes, null, options, DecodeParts.One);
        var two = ImageDecoder.Decode(bytes, null, options, DecodeParts.Two);

        Assert.Equal((one.Width, one.Height), (two.Width, two.Height));
        Assert.True(one.Pixels.AsSpan().SequenceEqual(two.Pixels), $"{file}: the two-part decode differs from the single one");
        Assert.True(TwoPartDecode.LowerPartsDecoded > before, $"{file}: no lower part was decoded by a second codec");
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(0.55)]
    [InlineData(0.8)]
    [InlineData(0.97)]
    public void A_file_cut_off_anywhere_fails_or_decodes_as_with_one_codec(double keep)
    {
        var whole = PhonePhoto.Value;
        var cut = whole.AsSpan(0, (int)(whole.Length * keep)).ToArray();

        AssertSameOutcome(cut, DecodeOptions.Exact);
        AssertSameOutcome(cut, Fast);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.7)]
    public void Garbage_inside_the_scan_data_fails_or_decodes_as_with_one_codec(double at)
    {
        var bytes = PhonePhoto.Value.ToArray();
        var random = new Random(7);
        var start = (int)(bytes.Length * at);
        for (var i = start; i < start + 400; i++)
            bytes[i] = (byte)random.Next(0xFF); // never 0xFF: no markers, only broken codes

        AssertSameOutcome(bytes, DecodeOptions.Exact);
        AssertSameOutcome(bytes, Fast);
    }

    [Fact]
    public void The_split_is_chosen_only_where_it_pays_and_gives_the_upper_part_more_rows()
    {
        const long phone = 4032L * 3024;
        // A 4032x3024 phone photo of 1.2 MB decoded at 2/8 to 1008x756: the lower codec reads the bits of the rows
        // above it, which here is most of the work, so the upper part takes about 70 % of the rows.
        var split = TwoPartDecode.SplitRow(DecodeParts.Auto, alone: true, 1_200_000, phone, 1008, 756);
        Assert.InRange(split, 756 * 65 / 100, 756 * 75 / 100);
        // At full size decoding outweighs reading, so the split moves towards the middle.
        Assert.InRange(TwoPartDecode.SplitRow(DecodeParts.Auto, alone: true, 1_200_000, phone, 4032, 3024), 3024 / 2, 3024 * 60 / 100);
        // Another decode or an inference running: the second core is taken.
        Assert.Equal(0, TwoPartDecode.SplitRow(DecodeParts.Auto, alone: false, 1_200_000, phone, 1008, 756));
        // A 500x500 JPEG of 15 KB would save about half a millisecond.
        Assert.Equal(0, TwoPartDecode.SplitRow(DecodeParts.Auto, alone: true, 15_000, 500 * 500, 500, 500));
        Assert.Equal(0, TwoPartDecode.SplitRow(DecodeParts.One, alone: true, 1_200_000, phone, 1008, 756));
        Assert.InRange(TwoPartDecode.SplitRow(DecodeParts.Two, alone: false, 15_000, 500 * 500, 500, 500), 1, 499);
    }

    [Fact]
    public void Only_a_sequential_jpeg_is_split_a_progressive_one_would_hold_its_coefficients_twice()
    {
        Assert.True(ProgressiveJpeg.IsSequential(PhonePhoto.Value));
        Assert.False(ProgressiveJpeg.IsSequential(Fixture.Bytes("progressive-70x50.jpg")));
        Assert.False(ProgressiveJpeg.IsSequential(Fixture.Bytes("photo.png")));
        Assert.False(ProgressiveJpeg.IsSequential([0xFF, 0xD8, 0xFF, 0xC0, 0x00])); // a header cut short

        var before = TwoPartDecode.LowerPartsDecoded;
        var image = ImageDecoder.Decode(Fixture.Bytes("progressive-70x50.jpg"), null, DecodeOptions.Exact, DecodeParts.Two);
        Assert.Equal((70, 50), (image.Width, image.Height));
        Assert.Equal(before, TwoPartDecode.LowerPartsDecoded);
    }

    private static void AssertSameOutcome(byte[] bytes, DecodeOptions options)
    {
        var one = Outcome(() => ImageDecoder.Decode(bytes, null, options, DecodeParts.One));
        var two = Outcome(() => ImageDecoder.Decode(bytes, null, options, DecodeParts.Two));
        Assert.Equal(one.Error, two.Error);
        Assert.True(one.Pixels.AsSpan().SequenceEqual(two.Pixels), "the two-part decode's pixels differ from the single one's");
    }

    private static (string? Error, byte[] Pixels) Outcome(Func<RgbImage> decode)
    {
        try
        {
            return (null, decode().Pixels);
        }
        catch (ImageRejectedException e)
        {
            return ($"{e.Problem}: {e.Message}", []);
        }
    }

    private static byte[] BigJpeg(byte[] source, int width, int height)
    {
        using var photo = SKBitmap.Decode(source);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        using var image = SKImage.FromBitmap(photo);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear));
        using var grain = new SKPaint { Color = new SKColor(255, 255, 255, 40) };
        var random = new Random(3);
        for (var i = 0; i < 200_000; i++)
            surface.Canvas.DrawPoint(random.Next(width), random.Next(height), grain);
        using var snapshot = surface.Snapshot();
        using var data = snapshot.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }
}
