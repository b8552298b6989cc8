using System.Globalization;
using System.Text.Json;
using Markdig.Renderers;
using Markdig.Renderers.Html;

namespace SiteBuilder.Quiz;

/// <summary>
/// Renders a question as a small form: the question heading, a labelled answer box, Check and
/// self-grade buttons (hidden until quiz.js shows them) and the reference answer in a
/// &lt;details&gt;, which opens as a disclosure widget even without JavaScript.
/// The key ideas travel to the script as JSON in a data attribute (HTML-escaped, never executed),
/// with the misconceptions (Wrong if), the number of ideas a full answer needs and the pass mark beside them.
/// </summary>
public sealed class HtmlQuizQuestionRenderer : HtmlObjectRenderer<QuizQuestionBlock>
{
    protected override void Write(HtmlRenderer renderer, QuizQuestionBlock block)
    {
        var id = $"q{block.Number}";
        var ideas = JsonSerializer.Serialize(block.KeyIdeas.Select(idea => new
        {
            label = idea.Expression,
            groups = idea.Groups,
            found = idea.Found,
            hint = idea.Hint,
        }));
        var misconceptions = JsonSerializer.Serialize(block.Misconceptions.Select(wrong => new
        {
            label = wrong.Expression,
            groups = wrong.Groups,
            feedback = wrong.Feedback,
        }));
        var need = block.Settings.Need ?? block.KeyIdeas.Count;
        var pass = block.Settings.PassMark.ToString(CultureInfo.InvariantCulture);
        var order = block.Settings.Order is { } steps ? $" data-order=\"{steps.From}-{steps.To}\"" : "";

        renderer.EnsureLine();
        renderer.Write($"<form class=\"quiz-question\" id=\"{id}\" data-question=\"{block.Number}\" data-need=\"{need}\" data-pass=\"{pass}\"{order} aria-labelledby=\"{id}-title\" data-key-ideas=\"")
            .WriteEscape(ideas).Write("\" data-wrong-if=\"").WriteEscape(misconceptions).WriteLine("\">");

        renderer.Write($"<h2 id=\"{id}-title\">");
        if (block.Question is not null)
        {
            renderer.WriteLeafInline(block.Question);
        }
        renderer.WriteLine("</h2>");

        renderer.WriteLine($"<label for=\"{id}-answer\">Your answer to question {block.Number}</label>");
        renderer.WriteLine($"<textarea id=\"{id}-answer\" name=\"answer\" rows=\"4\"></textarea>");
        renderer.WriteLine("<div class=\"quiz-actions\" hidden>");
        renderer.WriteLine("<button type=\"submit\">Check</button>");
        renderer.WriteLine($"<span class=\"quiz-grade\" role=\"group\" aria-label=\"Grade your answer to question {block.Number}\" hidden>");
        renderer.WriteLine("<button type=\"button\" data-grade=\"got\" aria-pressed=\"false\">Got it</button>");
        renderer.WriteLine("<button type=\"button\" data-grade=\"not-yet\" aria-pressed=\"false\">Not yet</button>");
        renderer.WriteLine("</span>");
        renderer.WriteLine("<button type=\"button\" class=\"quiz-peek\">Show the reference answer anyway</button>");
        renderer.WriteLine("</div>");
        renderer.WriteLine($"<p class=\"quiz-schedule\" id=\"{id}-schedule\"></p>");
        renderer.WriteLine($"<div class=\"quiz-feedback\" id=\"{id}-feedback\" aria-live=\"polite\"></div>");

        renderer.WriteLine("<details class=\"quiz-reference\">");
        renderer.WriteLine("<summary>Reference answer</summary>");
        foreach (var child in block.Answer)
        {
            renderer.Write(child);
        }
        // The learner reads each idea's confirmation; the matching syntax is for the grader.
        renderer.WriteLine("<p class=\"quiz-key-ideas\"><strong>Key ideas:</strong></p>");
        renderer.WriteLine("<ul class=\"quiz-key-ideas\">");
        foreach (var idea in block.KeyIdeas)
        {
            renderer.Write("<li>").WriteEscape(idea.Found ?? idea.Expression).WriteLine("</li>");
        }
        renderer.WriteLine("</ul>");
        renderer.WriteLine("</details>");
        renderer.WriteLine("</form>");
    }
}
