using Markdig.Parsers;
using Markdig.Syntax;

namespace SiteBuilder.Quiz;

/// <summary>
/// A <c>:::question</c> block: a numbered question (its level-2 heading), a reference answer
/// (the blocks between the heading and the key ideas) and the key ideas a good answer mentions.
/// </summary>
public sealed class QuizQuestionBlock(BlockParser parser) : ContainerBlock(parser)
{
    /// <summary>The number written in the heading, <c>## 3. ...</c>: stable across edits, so progress is stored by it.</summary>
    public int Number { get; internal set; }

    /// <summary>The question as plain text, without its number.</summary>
    public string QuestionText { get; internal set; } = "";

    /// <summary>The heading child; rendered as the question, its inlines processed by Markdig like any heading.</summary>
    public HeadingBlock? Question { get; internal set; }

    /// <summary>The ideas a good answer states, in the order written.</summary>
    public IReadOnlyList<KeyIdea> KeyIdeas { get; internal set; } = [];

    /// <summary>Wrong ideas that sound right (the optional <c>Wrong if:</c> list): stating one earns nothing.</summary>
    public IReadOnlyList<Misconception> Misconceptions { get; internal set; } = [];

    /// <summary>How many ideas make a full answer, and the pass mark.</summary>
    public KeyIdeaSettings Settings { get; internal set; } = KeyIdeaSettings.Default;

    /// <summary>Set when the closing <c>:::</c> line was seen; a block closed without it ran off the end of the file.</summary>
    internal bool ClosedByFence { get; set; }

    /// <summary>The children that make up the reference answer, in order.</summary>
    public IEnumerable<Block> Answer => this.Where(child => child != Question);
}
