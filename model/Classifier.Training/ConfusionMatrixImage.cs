using SkiaSharp;

namespace Classifier.Training;

/// <summary>Draws a confusion matrix as a PNG: darker cells hold more images, the diagonal is correct.</summary>
public static class ConfusionMatrixImage
{
    private const int Cell = 48;
    private const int Margin = 130;

    public static void Save(Evaluation evaluation, string path, string title)
    {
        var k = evaluation.Labels.Count;
        var (width, height) = (Margin + (k * Cell) + 20, Margin + (k * Cell) + 40);
        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = LoadTypeface();
        using var font = new SKFont(typeface, 12);
        using var titleFont = new SKFont(typeface, 14) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var fill = new SKPaint { IsAntialias = false };

        canvas.DrawText(title, 10, 20, SKTextAlign.Left, titleFont, ink);
        canvas.DrawText("actual \u2193   predicted \u2192", 10, 40, SKTextAlign.Left, font, ink);
        for (var r = 0; r < k; r++)
        {
            var rowTotal = Math.Max(1, evaluation.Confusion[r].Sum());
            canvas.DrawText(evaluation.Labels[r], 10, Margin + (r * Cell) + (Cell / 2) + 4, SKTextAlign.Left, font, ink);
            for (var c = 0; c < k; c++)
            {
                var n = evaluation.Confusion[r][c];
                var share = (float)n / rowTotal;
                fill.Color = r == c ? Blend(new SKColor(34, 139, 34), share) : Blend(new SKColor(200, 40, 40), share);
                var (x, y) = (Margin + (c * Cell), Margin + (r * Cell));
                canvas.DrawRect(x, y, Cell - 1, Cell - 1, fill);
                using var text = new SKPaint { Color = share > 0.5f ? SKColors.White : SKColors.Black, IsAntialias = true };
                canvas.DrawText(n.ToString(), x + (Cell / 2), y + (Cell / 2) + 4, SKTextAlign.Center, font, text);
            }
        }
        for (var c = 0; c < k; c++)
        {
            canvas.Save();
            canvas.Translate(Margin + (c * Cell) + (Cell / 2) + 4, Margin - 6);
            canvas.RotateDegrees(-60);
            canvas.DrawText(evaluation.Labels[c], 0, 0, SKTextAlign.Left, font, ink);
            canvas.Restore();
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static SKColor Blend(SKColor color, float share) =>
        new((byte)(255 - ((255 - color.Red) * share)), (byte)(255 - ((255 - color.Green) * share)), (byte)(255 - ((255 - color.Blue) * share)));

    /// <summary>The bundled Linux Skia has no font lookup; use a common system font file when there is one.</summary>
    internal static SKTypeface LoadTypeface()
    {
        foreach (var path in new[] { "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf" })
        {
            if (File.Exists(path) && SKTypeface.FromFile(path) is { } typeface)
                return typeface;
        }
        return SKTypeface.Default;
    }
}
