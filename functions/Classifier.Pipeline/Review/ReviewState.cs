namespace Classifier.Pipeline.Review;

/// <summary>Pending until a reviewer gives a label; reviewed after.</summary>
public static class ReviewState
{
    public const string Pending = "pending";
    public const string Reviewed = "reviewed";

    /// <summary>The reviewer's label for "this is none of the model's labels".</summary>
    public const string NoneLabel = "none";

    public static bool IsValid(string? state) => state is Pending or Reviewed;
}
