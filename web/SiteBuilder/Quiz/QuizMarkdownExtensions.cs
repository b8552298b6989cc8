using Markdig;

namespace SiteBuilder.Quiz;

public static class QuizMarkdownExtensions
{
    /// <summary>Adds <c>:::question</c> quiz blocks to the pipeline.</summary>
    public static MarkdownPipelineBuilder UseQuizQuestions(this MarkdownPipelineBuilder pipeline)
    {
        pipeline.Extensions.AddIfNotAlready<QuizExtension>();
        return pipeline;
    }
}
