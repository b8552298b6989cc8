namespace Classifier.Core.Imaging;

/// <summary>The one error that bad image bytes produce; <see cref="Exception.Message"/> is meant for people.</summary>
public sealed class ImageRejectedException(ImageProblem problem, string reason) : Exception(reason)
{
    public ImageProblem Problem { get; } = problem;

    /// <summary>True when the input is over a size limit (HTTP 413), as opposed to malformed (400) or unsupported (415).</summary>
    public bool IsTooLarge => IsSizeLimit(Problem);

    public static bool IsSizeLimit(ImageProblem problem) => problem is ImageProblem.TooManyBytes or ImageProblem.TooManyPixels;
}
