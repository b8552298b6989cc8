using Markdig.Extensions.Tables;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace SiteBuilder;

/// <summary>
/// Markdig writes a column's alignment as an inline style attribute, which the site's Content-Security-Policy
/// (style-src 'self', no inline styles) refuses. This moves it into a class (align-left/center/right,
/// styled in site.css) on each cell and clears the column's alignment, so no style attribute is written.
/// </summary>
public static class TableAlignmentClasses
{
    public static void Apply(MarkdownDocument document)
    {
        foreach (var table in document.Descendants<Table>())
        {
            foreach (var row in table.OfType<TableRow>())
            {
                foreach (var cell in row.OfType<TableCell>())
                {
                    var column = cell.ColumnIndex >= 0 ? cell.ColumnIndex : row.IndexOf(cell);
                    if (column < table.ColumnDefinitions.Count && table.ColumnDefinitions[column].Alignment is { } alignment)
                        cell.GetAttributes().AddClass("align-" + alignment.ToString().ToLowerInvariant());
                }
            }
            foreach (var definition in table.ColumnDefinitions)
                definition.Alignment = null;
        }
    }
}
