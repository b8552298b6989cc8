using Classifier.Training;

namespace Classifier.Tests;

/// <summary>The per-label figures a training or evaluation report prints.</summary>
public sealed class EvaluationTests
{
    [Fact]
    public void A_label_with_no_image_and_no_prediction_shows_n_a_not_a_zero_that_reads_like_a_failure()
    {
        // A tiny set: the random split held out no image of "b", and nothing was predicted as "b".
        var evaluation = Evaluation.From(["a", "b", "c"], [0, 2, 2], [[0.9f, 0.05f, 0.05f], [0.1f, 0.1f, 0.8f], [0.7f, 0.1f, 0.2f]], ["x", "y", "z"]);

        Assert.Null(evaluation.PerClass[1].Precision);
        Assert.Null(evaluation.PerClass[1].Recall);
        Assert.Equal(0.5, evaluation.PerClass[2].Recall);
        var table = EvaluationMarkdown.PerClassTable(evaluation);
        Assert.Contains("| b | n/a | n/a | 0 |", table);
        Assert.Contains("| a | 50.0 % | 100.0 % | 1 |", table);
        Assert.Contains("| c | 100.0 % | 50.0 % | 2 |", table);
    }
}
