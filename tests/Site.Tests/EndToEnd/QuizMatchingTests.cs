using System.Text.Json;

namespace Site.Tests.EndToEnd;

/// <summary>The grader (quiz-matching.js, with the vendored stemmer), run as the browser runs it.</summary>
public class QuizMatchingTests(LocalRunnerFixture site) : IClassFixture<LocalRunnerFixture>
{
    private sealed record Result(double Score, string[] States, bool KeywordList, int[] Misconceptions);

    /// <summary>Grades an answer against ideas written as in the Markdown: "a / b" alternatives, "(a) &amp; (b)" relations.</summary>
    private Task<Result> GradeAsync(string answer, params string[] ideas) => GradeInOrderAsync(answer, null, ideas);

    private Task<Result> GradeInOrderAsync(string answer, int[]? order, params string[] ideas) => GradeWithMisconceptionsAsync(answer, order, ideas, []);

    private static string[][][] Groups(string[] ideas) =>
        ideas.Select(idea => idea.Split(" & ").Select(g => g.Trim('(', ')').Split(" / ")).ToArray()).ToArray();

    private async Task<Result> GradeWithMisconceptionsAsync(string answer, int[]? order, string[] ideas, string[] wrongIf)
    {
        await using var browser = await site.NewPageAsync();
        await browser.Page.GotoAsync("quiz/");
        var json = await browser.Page.EvaluateAsync<string>(
            """
            async ([answer, groups, order, wrongIf]) => {
              const { grade } = await import('../assets/quiz-matching.js');
              const r = grade(answer, { ideas: groups.map((g) => ({ groups: g })), order: order ?? undefined,
                wrongIf: wrongIf.map((g) => ({ groups: g, feedback: "" })) });
              return JSON.stringify({ score: r.score, states: r.ideas.map((i) => i.state), keywordList: r.keywordList,
                misconceptions: r.misconceptions.map((m) => m.index) });
            }
            """,
            new object?[] { answer, Groups(ideas), order, Groups(wrongIf) });
        Assert.Empty(browser.ConsoleErrors);
        return JsonSerializer.Deserialize<Result>(json, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
    }

    [Theory]
    [InlineData("The model overfits when it memorises.", "overfitting")]
    [InlineData("Images were LABELLED by hand!", "labelling images")]
    [InlineData("keep a human-in-the-loop", "human in the loop")]
    [InlineData("it holds the dataloders for training", "dataloaders")]
    [InlineData("two data loaders", "dataloaders / DataLoader")]
    [InlineData("so it generalises better", "generali*")]
    [InlineData("better generalization", "generalize")]
    [InlineData("a fixed randum seed", "random seed")]
    [InlineData("the validaton set", "validation set")]
    [InlineData("a huge amout of fake posts", "huge amount")]
    [InlineData("architechture and weights", "architecture")]
    [InlineData("what the model was trianed on", "train*")]    // a typo in a word matched by its start
    [InlineData("have humans reveiw it", "review*")]
    [InlineData("the data chages over time", "chang*")]
    [InlineData("differences in style don't matter", "not matter")]  // unlike "no matter", a denied "matter" denies
    [InlineData("first the objectve", "objective*")]                 // one letter short of a long start
    public async Task An_idea_is_found_in_other_word_forms_with_small_typos_and_in_any_phrasing(string answer, string idea) =>
        Assert.Equal(["found"], (await GradeAsync(answer, idea)).States);

    [Theory]
    [InlineData("It runs on the CPU.", "gpu")]                 // under five letters: no typo allowed
    [InlineData("a black bear", "back")]
    [InlineData("the loop", "human in the loop")]
    [InlineData("weights only", "architecture and weights")]
    [InlineData("one batch", "on")]
    [InlineData("the weights decay", "delay*")]              // five-letter starts one wrong letter apart are both words
    [InlineData("what the user likes", "likel*")]
    [InlineData("the notebook is served as an app", "server*")]
    public async Task An_idea_is_missing_when_its_words_are_not_there(string answer, string idea) =>
        Assert.Equal(["missing"], (await GradeAsync(answer, idea)).States);

    [Fact]
    public async Task Related_terms_must_be_said_together_so_swapped_pairs_earn_nothing()
    {
        string[] ideas = ["(x) & (independent / input)", "(y) & (dependent / target)"];

        var right = await GradeAsync("x is the independent variable and y is the dependent one", ideas);
        var swapped = await GradeAsync("x is the dependent variable, y is the independent one", ideas);
        var apart = await GradeAsync("x is a letter. The input is independent.", ideas);

        Assert.Equal(1, right.Score);
        Assert.Equal(["missing", "missing"], swapped.States);
        Assert.Equal(0, swapped.Score);
        Assert.Equal("missing", apart.States[0]);
    }

    [Fact]
    public async Task A_nearer_anchor_takes_a_term_only_in_the_terms_clause_or_where_it_could_use_it()
    {
        string[] ideas = ["(levers) & (control*)", "(data) & (collect*)"];
        string[] wrongIf = ["(data) & (stays the same)", "(model) & (stays accurate)"];

        var steps = await GradeAsync("find the levers, collect the data", ideas);
        var stated = await GradeWithMisconceptionsAsync("the data the model sees stays exactly the same", null, ["chang* & gradual*"], wrongIf);
        var idea = await GradeWithMisconceptionsAsync("the data the model sees gradually changes", null, ["chang* & gradual*"], wrongIf);

        Assert.Equal("found", steps.States[1]);
        Assert.Equal([0], stated.Misconceptions);
        Assert.Equal(["found"], idea.States);
    }

    [Theory]
    [InlineData("It does not save the architecture.")]
    [InlineData("it never saves the architecture")]
    [InlineData("The architecture isn't saved.")]
    [InlineData("the architecture is not stored at all")]
    public async Task A_negated_idea_is_not_credited_and_counts_against_the_answer(string answer)
    {
        var result = await GradeAsync(answer + " It saves the weights.", "architecture", "weights");

        Assert.Equal(["negated", "found"], result.States);
        Assert.Equal(0, result.Score);
    }

    [Theory]
    [InlineData("It doesn't tell you anything about whether the architecture is kept.")]
    [InlineData("It isn't really able to keep the architecture.")]
    [InlineData("It rarely saves the architecture.")]
    [InlineData("It is not good with deep layered networks or the architecture.")]   // a denied word of judging reaches its clause
    [InlineData("It is never useful, even for the architecture.")]                   // ", even ..." goes on with the denied claim
    public async Task A_denied_verb_of_telling_or_ability_and_rarely_deny_what_follows(string answer)
    {
        var result = await GradeAsync(answer + " It saves the weights.", "architecture", "weights");

        Assert.Equal(["negated", "found"], result.States);
    }

    [Theory]
    [InlineData("It saves the weights, not only the architecture.")]
    [InlineData("It might not work well on the architecture diagrams.")]
    [InlineData("The weights are saved, but not the data. The architecture too.")]
    public async Task Negation_reaches_only_its_own_clause_and_not_only_or_doesnt_work_do_not_negate(string answer) =>
        Assert.Equal("found", (await GradeAsync(answer, "architecture", "weights")).States[0]);

    [Fact]
    public async Task A_negator_denies_the_nearest_term_and_states_no_denial_further_on()
    {
        string[] idea = ["differ* / not trained / not training"];

        Assert.Equal(["negated"], (await GradeAsync("Data that isn't different from the training data.", idea)).States);
        Assert.Equal(["found"], (await GradeAsync("Data the model was not trained on.", idea)).States);
    }

    [Fact]
    public async Task A_denial_idea_needs_the_negation_and_is_contradicted_by_the_plain_statement()
    {
        Assert.Equal(["found"], (await GradeAsync("The training images are not included.", "not training images / not data")).States);
        Assert.Equal(["negated"], (await GradeAsync("It also saves the training images.", "not training images / not data")).States);
    }

    [Fact]
    public async Task A_bare_list_of_keywords_earns_a_quarter_of_what_sentences_earn()
    {
        string[] ideas = ["objective", "levers", "data", "models"];

        var list = await GradeAsync("Objective, levers, data, models", ideas);
        var sentences = await GradeAsync("Define the objective, then the levers you control, the data you can collect and the models.", ideas);

        Assert.True(list.KeywordList);
        Assert.Equal(0.25, list.Score);
        Assert.False(sentences.KeywordList);
        Assert.Equal(1, sentences.Score);
    }

    [Fact]
    public async Task Steps_marked_in_order_earn_nothing_when_said_in_another_order()
    {
        string[] steps = ["manual / parallel", "limited", "gradual*"];

        var inOrder = await GradeInOrderAsync("Run it in parallel first, then a limited rollout, then expand gradually.", [1, 3], steps);
        var reversed = await GradeInOrderAsync("Deploy gradually, then limited, and at the end run it in parallel.", [1, 3], steps);

        Assert.Equal(1, inOrder.Score);
        Assert.Equal(2, reversed.States.Count(state => state == "out-of-order"));
        Assert.Equal(0, reversed.Score);
    }

    [Fact]
    public async Task Steps_in_a_chain_of_arrows_are_found_by_name_and_still_in_order()
    {
        string[] steps = ["(objective) & (define)", "(levers) & (control)", "(data) & (collect)", "(models) & (how)"];

        var chain = await GradeInOrderAsync("objective -> levers -> data -> models", [1, 4], steps);
        var backwards = await GradeInOrderAsync("models -> data -> levers -> objective", [1, 4], steps);
        var list = await GradeInOrderAsync("objective, levers, data, models", [1, 4], steps);

        Assert.Equal(1, chain.Score);
        Assert.Equal(0, backwards.Score);
        Assert.Equal(0, list.Score);
    }

    [Fact]
    public async Task A_term_written_with_an_equals_sign_matches_only_that_word()
    {
        Assert.Equal(["found"], (await GradeAsync("DataLoaders holds a DataLoader for each set", "=dataloader")).States);
        Assert.Equal(["missing"], (await GradeAsync("DataLoaders holds them", "=dataloader")).States);
    }

    [Fact]
    public async Task A_term_marked_to_follow_the_anchor_takes_its_role_from_its_place()
    {
        string[] ideas = ["(hold* / contain*) & (=dataloader / two)"];
        string[] wrongIf = ["(=dataloader) & (>holds / >contains) & (>=dataloaders / >several)"];

        var swapped = await GradeWithMisconceptionsAsync("A DataLoader holds two DataLoaders.", null, ideas, wrongIf);
        var right = await GradeWithMisconceptionsAsync("DataLoaders holds two DataLoader objects.", null, ideas, wrongIf);

        Assert.Equal([0], swapped.Misconceptions);
        Assert.Empty(right.Misconceptions);
        Assert.Equal(1, right.Score);
    }

    [Fact]
    public async Task A_negator_inside_a_phrase_an_idea_names_compares_and_denies_nothing_else()
    {
        string[] ideas = ["nothing like / unlike", "(google / web) & (pics / photos)"];

        var result = await GradeAsync("night footage, nothing like the google pics it trained on", ideas);

        Assert.Equal(["found", "found"], result.States);
    }

    [Fact]
    public async Task A_word_is_a_relations_anchor_or_its_term_but_not_both()
    {
        string[] idea = ["(squish* / stretch*) & (stretch* / distort*)"];

        Assert.Equal(["found"], (await GradeAsync("squish stretches it", idea)).States);
        Assert.Equal(["missing"], (await GradeAsync("it stretches", idea)).States);
    }

    [Theory]
    [InlineData("Take humans out of the loop completely.", "(human*) & (loop / check*)")]
    [InlineData("Skip the manual process and deploy at once.", "manual*")]
    [InlineData("Deep learning is bad at categorical columns.", "categor*")]
    [InlineData("They can't be used within a Jupyter notebook.", "jupyter")]
    [InlineData("Remove the human from the process.", "human*")]
    [InlineData("Keep a person instaed of automation.", "automat*")]   // a reversal word with a typo
    public async Task Reversal_words_and_a_negation_a_few_function_words_away_deny_the_idea(string answer, string idea) =>
        Assert.Equal(["negated"], (await GradeAsync(answer, idea)).States);

    [Theory]
    [InlineData("video instead of photos")]
    [InlineData("video rather than still photos")]
    [InlineData("video without any photos")]
    public async Task A_reversal_word_denies_what_follows_it_not_what_comes_before(string answer) =>
        Assert.Equal(["found", "negated"], (await GradeAsync(answer, "video", "photos")).States);

    [Fact]
    public async Task A_stated_misconception_scores_zero_unless_it_is_denied_and_right_words_in_their_roles_trip_none()
    {
        string[] ideas = ["(item_tfms) & (each item / cpu)", "(batch_tfms) & (whole batch / gpu)"];
        string[] wrongIf = ["(item_tfms) & (gpu / whole batch)"];

        var stated = await GradeWithMisconceptionsAsync("item_tfms run on the GPU, and batch_tfms on each item.", null, ideas, wrongIf);
        var right = await GradeWithMisconceptionsAsync("item_tfms run on each item on the CPU, and batch_tfms on the whole batch on the GPU.", null, ideas, wrongIf);
        var denied = await GradeWithMisconceptionsAsync("item_tfms never use the GPU but each item.", null, ideas, wrongIf);

        Assert.Equal([0], stated.Misconceptions);
        Assert.Equal(0, stated.Score);
        Assert.Empty(right.Misconceptions);
        Assert.Equal(1, right.Score);
        Assert.Empty(denied.Misconceptions);
        Assert.Equal(0.5, denied.Score);
    }

    [Fact]
    public async Task Key_terms_strung_together_without_words_to_connect_them_earn_a_quarter()
    {
        string[] ideas = ["gui / buttons", "jupyter / notebook", "python / javascript / browser"];

        var salad = await GradeAsync("JavaScript Python GUI browser notebook, the widgets together.", ideas);
        var sentence = await GradeAsync("Buttons and other GUI elements, made in Python, that run in a Jupyter notebook.", ideas);

        Assert.True(salad.KeywordList);
        Assert.Equal(0.25, salad.Score);
        Assert.False(sentence.KeywordList);
        Assert.Equal(1, sentence.Score);
    }

    [Theory]
    [InlineData("validation seed split random same set always")]                       // seven terms in a row, nothing between
    [InlineData("Splitter parameter DataBlock validation, seed the percent split does.")] // an opening of bare terms, then a comma
    [InlineData("Societal disinformation, text generation at scale models social media unrest implications.")] // six in a row, few connecting words
    [InlineData("split validation seed same what why")]                              // a question word stranded after a bare term
    [InlineData("The validation seed is the same, called when.")]
    public async Task Terms_in_a_row_with_nothing_to_connect_them_are_word_salad(string answer) =>
        Assert.True((await GradeAsync(answer, "validation / splitter", "seed", "same")).KeywordList);

    [Theory]
    [InlineData("high cardinality categorical stuff like zip codes / product ids, plus text columns like reviews")]
    [InlineData("a way to find the files, a way to work out each file's answer")]
    [InlineData("its a fastai thing that holds the train and valid dataloaders together (dls.train, dls.valid)")]
    [InlineData("the diagonal counts the hits and the off-diagonal cells show the mix-ups")]    // terms after a determiner: a noun phrase
    [InlineData("the grid shows which answers get mixed up with which")]                     // a question word after a function word
    [InlineData("1 manual process w/ model running in parallel, humans check everything 2 limited scope (one area, short time) 3 gradual expansion")]
    public async Task Connecting_words_possessives_and_dotted_names_keep_an_informal_sentence_a_sentence(string answer) =>
        Assert.False((await GradeAsync(answer, "categorical / cardinality / diagonal", "zip code* / file* / cells / counts", "text / answer / dataloaders")).KeywordList);

    [Fact]
    public async Task Words_shuffled_so_a_sentence_ends_on_an_article_are_word_salad_but_terms_shared_by_two_ideas_are_one_phrase()
    {
        string[] ideas = ["(categor* / values / cardinality) & (many / high)", "categorical / discrete", "text / reviews"];

        var shuffled = await GradeAsync("Many values seed reviews discrete the always gives a.", ideas);
        var phrase = await GradeAsync("Columns with high-cardinality categorical values (many discrete values) and text such as reviews.", ideas);

        Assert.True(shuffled.KeywordList);
        Assert.False(phrase.KeywordList);
        Assert.Equal(1, phrase.Score);
    }
}
