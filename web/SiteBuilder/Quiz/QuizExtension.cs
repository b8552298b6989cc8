using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace SiteBuilder.Quiz;

/// <summary>Registers the <c>:::question</c> parser and its HTML renderer, and checks numbers are unique per document.</summary>
public sealed class QuizExtension : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
        if (!pipeline.BlockParsers.Contains<QuizQuestionParser>())
        {
            // First, so it sees ':::question' before the generic custom-container parser claims the fence.
            pipeline.BlockParsers.Insert(0, new QuizQuestionParser());
        }
        pipeline.DocumentProcessed -= RejectDuplicateNumbers;
        pipeline.DocumentProcessed += RejectDuplicateNumbers;
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is HtmlRenderer html && !html.ObjectRenderers.Contains<HtmlQuizQuestionRenderer>())
        {
            html.ObjectRenderers.Insert(0, new HtmlQuizQuestionRenderer());
        }
    }

    private static void RejectDuplicateNumbers(MarkdownDocument document)
    {
        var seen = new Dictionary<int, QuizQuestionBlock>();
        foreach (var question in document.Descendants<QuizQuestionBlock>())
        {
            if (!seen.TryAdd(question.Number, question))
            {
                throw new QuizFormatException(question.Line + 1,
                    $"question number {question.Number} is used twice (first on line {seen[question.Number].Line + 1})");
            }
        }
    }
}
