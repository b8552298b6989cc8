using System.Globalization;
using Xunit.Abstractions;

namespace Site.Tests.EndToEnd;

/// <summary>
/// The grader against a labelled set of learner answers (tests/Site.Tests/Grading/labelled-answers.tsv), graded
/// in Chromium by the page's own quiz-matching.js with the key ideas the page was built with.
/// </summary>
public class QuizGradingAccuracyTests(LocalRunnerFixture site, ITestOutputHelper output) : IClassFixture<LocalRunnerFixture>
{
    private sealed record Labelled(int Question, string Label, string Kind, string Split, string Answer);

    private sealed record Figures(int Count, double Correct, double Partial, double Wrong, double RightSide)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Count} answers: mean score correct {Correct:0.000}, partial {Partial:0.000}, wrong {Wrong:0.000}; right side of 0.5 {RightSide:P1}");
    }

    private static List<Labelled> LoadSet() =>
        File.ReadLines(Path.Combine(RepoPaths.Root, "tests", "Site.Tests", "Grading", "labelled-answers.tsv"))
            .Skip(1)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'))
            .Select(f => new Labelled(int.Parse(f[0], CultureInfo.InvariantCulture), f[1], f[2], f[3], f[4].Replace("\\n", "\n", StringComparison.Ordinal)))
            .ToList();

    private static Figures Measure(IReadOnlyList<(Labelled Row, double Score)> graded)
    {
        double Mean(string label) => graded.Where(g => g.Row.Label == label).Select(g => g.Score).DefaultIfEmpty(double.NaN).Average();
        // Partial answers have no right side: only correct (>= 0.5) and wrong (< 0.5) answers count here.
        var sided = graded.Where(g => g.Row.Label != "partial").ToList();
        var right = sided.Count(g => g.Row.Label == "correct" ? g.Score >= 0.5 : g.Score < 0.5);
        return new Figures(graded.Count, Mean("correct"), Mean("partial"), Mean("wrong"), (double)right / sided.Count);
    }

    [Fact]
    public async Task The_grader_tells_correct_answers_from_wrong_ones_on_the_labelled_set()
    {
        var set = LoadSet();
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("quiz/");
        var scores = await browser.Page.EvaluateAsync<double[]>(
            """
            async (rows) => {
              const { grade } = await import('../assets/quiz-matching.js');
              return rows.map(([number, answer]) => {
                const form = document.querySelector(`form[data-question="${number}"]`);
                const order = form.dataset.order?.split("-").map(Number);
                const question = { ideas: JSON.parse(form.dataset.keyIdeas), need: Number(form.dataset.need), order };
                return grade(answer, question).score;
              });
            }
            """,
            set.Select(row => new object[] { row.Question, row.Answer }).ToArray());
        var graded = set.Zip(scores).ToList();

        var all = Measure(graded);
        output.WriteLine($"all: {all}");
        foreach (var split in graded.GroupBy(g => g.First.Split))
        {
            output.WriteLine($"{split.Key}: {Measure(split.ToList())}");
        }
        foreach (var (row, score) in graded.Where(g => g.First.Label == "correct" ? g.Second < 0.5 : g.First.Label == "wrong" && g.Second >= 0.5))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrong side: Q{row.Question} {row.Label}/{row.Kind} {score:0.00} {row.Answer}"));
        }

        Assert.Equal(Enumerable.Range(1, 27), set.Select(row => row.Question).Distinct().Order());
        Assert.True(set.Count >= 150, $"the labelled set has {set.Count} answers");
        Assert.True(all.Correct >= 0.80, all.ToString());
        Assert.True(all.Wrong <= 0.15, all.ToString());
        Assert.True(all.RightSide >= 0.90, all.ToString());
        Assert.Empty(browser.ConsoleErrors);
    }
}
