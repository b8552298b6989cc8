using SkiaSharp;

namespace Classifier.Training.Benchmarking;

/// <summary>
/// Draws the report's score histograms as a PNG: one row per kind of image on a shared score axis, the
/// in-domain images first, and the threshold as a red line. Bars right of the line are called out-of-domain.
/// </summary>
public static class OutOfDomainPlot
{
    private const int Bins = 60;
    private const int RowHeight = 56;
    private const int Left = 150;
    private const int PlotWidth = 600;
    private const int Top = 50;

    public static void Save(OutOfDomainReport report, string path)
    {
        var rows = new List<(string Name, float[] Scores)> { (report.InDomainName, Scores(report, null)) };
        rows.AddRange(report.Kinds.Select(k => (k.Kind, Scores(report, k.Kind))));
        var all = report.Images.Select(i => i.Score).Order().ToArray();
        // The axis ends where 98 % of the images are, with room for the threshold; the rest pile up in the last bin.
        var max = Math.Max(all[(int)(0.98 * (all.Length - 1))], report.Threshold * 1.5f);
        var (width, height) = (Left + PlotWidth + 30, Top + (rows.Count * RowHeight) + 50);

        using var surface = SKSurface.Create(new SKImageInfo(width, height));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = ConfusionMatrixImage.LoadTypeface();
        using var font = new SKFont(typeface, 12);
        using var titleFont = new SKFont(typeface, 14) { Embolden = true };
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var inBar = new SKPaint { Color = new SKColor(34, 139, 34) };
        using var outBar = new SKPaint { Color = new SKColor(70, 110, 190) };
        using var line = new SKPaint { Color = new SKColor(200, 40, 40), StrokeWidth = 2, IsAntialias = true };
        using var axis = new SKPaint { Color = SKColors.Gray, StrokeWidth = 1 };

        canvas.DrawText($"{report.ModelName}: out-of-domain score per kind of image (bars scaled per row)", 10, 20, SKTextAlign.Left, titleFont, ink);
        canvas.DrawText($"red line: threshold {report.Threshold:0.###}; above it the status is out-of-domain", 10, 38, SKTextAlign.Left, font, ink);
        float X(float score) => Left + (Math.Min(score, max) / max * PlotWidth);
        for (var r = 0; r < rows.Count; r++)
        {
            var (name, scores) = rows[r];
            var baseY = Top + ((r + 1) * RowHeight) - 8;
            var counts = new int[Bins];
            foreach (var s in scores)
                counts[Math.Clamp((int)(Math.Min(s, max) / max * Bins), 0, Bins - 1)]++;
            var peak = Math.Max(1, counts.Max());
            for (var b = 0; b < Bins; b++)
            {
                var h = (RowHeight - 14) * counts[b] / (float)peak;
                var x = Left + (b * PlotWidth / (float)Bins);
                canvas.DrawRect(x, baseY - h, (PlotWidth / (float)Bins) - 1, h, r == 0 ? inBar : outBar);
            }
            canvas.DrawLine(Left, baseY, Left + PlotWidth, baseY, axis);
            canvas.DrawText($"{name} ({scores.Length})", 10, baseY - 4, SKTextAlign.Left, font, ink);
        }
        var bottom = Top + (rows.Count * RowHeight) - 8;
        canvas.DrawLine(X(report.Threshold), Top, X(report.Threshold), bottom, line);
        for (var t = 0; t <= 4; t++)
        {
            var value = max * t / 4;
            canvas.DrawText(value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture), X(value), bottom + 16, SKTextAlign.Center, font, ink);
        }
        canvas.DrawText("score (Mahalanobis distance to the nearest class, per feature)", Left + (PlotWidth / 2), bottom + 34, SKTextAlign.Center, font, ink);

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var file = File.Create(path);
        png.SaveTo(file);
    }

    private static float[] Scores(OutOfDomainReport report, string? kind) =>
        report.Images.Where(i => kind is null ? i.InDomain : !i.InDomain && i.Kind == kind).Select(i => i.Score).ToArray();
}
