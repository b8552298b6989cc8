using System.Text.RegularExpressions;
using Markdig.Parsers;
using Markdig.Syntax;

namespace SiteBuilder.Quiz;

/// <summary>
/// Opens a <see cref="QuizQuestionBlock"/> on a line that is exactly <c>:::question</c> and closes it on <c>:::</c>.
/// Everything in between is parsed as ordinary Markdown; on close the parser checks the shape
/// (heading, answer, key ideas) and lifts the number, question and key ideas into the block.
/// </summary>
public sealed partial class QuizQuestionParser : BlockParser
{
    public const string OpeningLine = ":::question";
    public const string ClosingLine = ":::";

    public QuizQuestionParser() => OpeningCharacters = [':'];

    [GeneratedRegex(@"^(\d+)\.\s+(\S.*)$")]
    private static partial Regex NumberedQuestion();

    public override BlockState TryOpen(BlockProcessor processor)
    {
        if (processor.IsCodeIndent || processor.Line.ToString().TrimEnd() != OpeningLine)
        {
            return BlockState.None;
        }
        var block = new QuizQuestionBlock(this)
        {
            Line = processor.LineIndex,
            Column = processor.Column,
            Span = new SourceSpan(processor.Start, processor.Line.End),
        };
        processor.NewBlocks.Push(block);
        return BlockState.ContinueDiscard;
    }

    public override BlockState TryContinue(BlockProcessor processor, Block block)
    {
        if (!processor.IsCodeIndent && processor.Line.ToString().Trim() == ClosingLine)
        {
            ((QuizQuestionBlock)block).ClosedByFence = true;
            block.UpdateSpanEnd(processor.Line.End);
            return BlockState.BreakDiscard;
        }
        return BlockState.Continue;
    }

    public override bool Close(BlockProcessor processor, Block block)
    {
        var question = (QuizQuestionBlock)block;
        var line = question.Line + 1;
        if (!question.ClosedByFence)
        {
            throw new QuizFormatException(line, $"'{OpeningLine}' block is never closed with a '{ClosingLine}' line");
        }
        ReadHeading(question, line);
        TakeKeyIdeas(question, line);
        if (!question.Answer.Any())
        {
            throw new QuizFormatException(line, $"question {question.Number} has no reference answer before '{KeyIdeasSection.Prefix}'");
        }
        return true;
    }

    private static void ReadHeading(QuizQuestionBlock question, int line)
    {
        if (question.Count == 0 || question[0] is not HeadingBlock { Level: 2 } heading)
        {
            throw new QuizFormatException(line, "a question block must start with a '## N. question' heading");
        }
        var match = NumberedQuestion().Match(heading.Lines.ToString().Trim());
        if (!match.Success || !int.TryParse(match.Groups[1].ValueSpan, out var number))
        {
            throw new QuizFormatException(heading.Line + 1,
                $"the question heading must read '## N. question', not '## {heading.Lines.ToString().Trim()}'");
        }
        question.Question = heading;
        question.Number = number;
        question.QuestionText = match.Groups[2].Value.Trim();
    }

    /// <summary>
    /// Removes the closing sections from the children: the key ideas (a paragraph, maybe followed by a list) and
    /// after them, optionally, the <c>Wrong if:</c> list. They are data, not answer text.
    /// </summary>
    private static void TakeKeyIdeas(QuizQuestionBlock question, int line)
    {
        var last = LastSection(question);
        if (last.Lines.Count > 0 && WrongIfSection.StartsWrongIf(last.Lines[0]))
        {
            question.Misconceptions = WrongIfSection.Parse(string.Join(' ', last.Lines), last.Paragraph!.Line + 1, last.List);
            Remove(question, last);
            last = LastSection(question);
        }
        var keyLine = last.Lines.FindIndex(KeyIdeasSection.StartsKeyIdeas);
        if (keyLine > 0)
        {
            throw new QuizFormatException(last.Paragraph!.Line + keyLine + 1,
                $"put a blank line before '{KeyIdeasSection.Prefix}' so it is a paragraph of its own");
        }
        if (keyLine < 0)
        {
            throw new QuizFormatException(line,
                $"question {question.Number} has no '{KeyIdeasSection.Prefix}: a; b; c' line (or '{KeyIdeasSection.Prefix}:' and a list) at its end");
        }
        var (ideas, settings) = KeyIdeasSection.Parse(string.Join(' ', last.Lines), last.Paragraph!.Line + 1, last.List);
        Remove(question, last);
        question.KeyIdeas = ideas;
        question.Settings = settings;
    }

    private sealed record Section(ParagraphBlock? Paragraph, List<string> Lines, ListBlock? List);

    /// <summary>The block's last paragraph, with the list that follows it if there is one.</summary>
    private static Section LastSection(QuizQuestionBlock question)
    {
        var list = question.LastChild as ListBlock;
        var paragraph = (list is null ? question.LastChild : question.Count > 1 ? question[^2] : null) as ParagraphBlock;
        var lines = paragraph is null ? [] : paragraph.Lines.Lines.Take(paragraph.Lines.Count).Select(l => l.ToString().Trim()).ToList();
        return new Section(paragraph, lines, list);
    }

    private static void Remove(QuizQuestionBlock question, Section section)
    {
        question.Remove(section.Paragraph!);
        if (section.List is not null)
        {
            question.Remove(section.List);
        }
    }
}
