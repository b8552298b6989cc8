using Markdig;
using Markdig.Extensions.GenericAttributes;
using Markdig.Extensions.MediaLinks;
using SiteBuilder.Quiz;

namespace SiteBuilder;

/// <summary>The one Markdig pipeline every page is rendered with.</summary>
public static class SitePipeline
{
    public static MarkdownPipeline Create()
    {
        var builder = new MarkdownPipelineBuilder()
            .UseAdvancedExtensions()
            .UseYamlFrontMatter()
            .UseQuizQuestions()
            // Raw HTML in content is written out as text: a <script> in Markdown never runs.
            .DisableHtml();
        // {onclick=...} attributes would bring script back in through the side door,
        // and media links embed players from other origins; the site allows neither.
        builder.Extensions.RemoveAll(extension => extension is GenericAttributesExtension or MediaLinkExtension);
        builder.DocumentProcessed += TableAlignmentClasses.Apply; // no inline styles under the site's CSP

        return builder.Build();
    }
}
