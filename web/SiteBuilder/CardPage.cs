using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SiteBuilder;

/// <summary>
/// The /model/ page of a package without a README.md, made from its model.json: what the model is, its labels,
/// its input and how images are fitted to it, when it says "uncertain", and whether it flags out-of-domain images.
/// </summary>
public static class CardPage
{
    public static string Markdown(string cardPath)
    {
        JsonElement card;
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(cardPath), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            card = json.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SiteBuildException($"{cardPath}: the model card is not JSON ({e.Message.Split(". ")[0]})");
        }
        string Text(JsonElement parent, string name) => parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        var page = new StringBuilder();
        page.Append(CultureInfo.InvariantCulture, $"# {Escape(Text(card, "name"))} {Escape(Text(card, "version"))}\n\n");
        if (Text(card, "description") is { Length: > 0 } description)
            page.Append(CultureInfo.InvariantCulture, $"{Escape(description)}\n\n");
        page.Append("This page is made from the package's model card (model.json); a README.md in the package replaces it.\n\n");
        if (card.TryGetProperty("labels", out var labels) && labels.ValueKind == JsonValueKind.Array)
        {
            page.Append(CultureInfo.InvariantCulture, $"## Labels ({labels.GetArrayLength()})\n\n");
            foreach (var label in labels.EnumerateArray())
                page.Append(CultureInfo.InvariantCulture, $"- {Escape(label.GetString() ?? "")}\n");
            page.Append('\n');
        }
        page.Append("## Input\n\n");
        if (card.TryGetProperty("input", out var input) && input.TryGetProperty("width", out var w) && input.TryGetProperty("height", out var h))
            page.Append(CultureInfo.InvariantCulture, $"Images are fitted to {w.GetRawText()} x {h.GetRawText()} pixels by `{(Text(card, "resize") is { Length: > 0 } resize ? resize : "squish")}`.\n\n");
        var minConfidence = card.TryGetProperty("minConfidence", out var mc) ? mc.GetRawText() : "0.5";
        page.Append(CultureInfo.InvariantCulture, $"A prediction whose top probability is under {minConfidence} is `uncertain`: a person should check it.\n\n");
        page.Append(card.TryGetProperty("outOfDomain", out var ood) && ood.ValueKind == JsonValueKind.Object
            ? $"Images far from the training data are flagged `out-of-domain` (threshold {ood.GetProperty("threshold").GetRawText()}).\n"
            : "This model has no out-of-domain score: every image gets one of its labels.\n");
        return page.ToString();
    }

    private static string Escape(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
