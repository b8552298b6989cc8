using Classifier.Core.Imaging;
using Classifier.Core.Inference;

namespace Classifier.Pipeline.Model;

/// <summary>
/// Where an unusable image is a result, not an error: the blob step stores it as a rejected prediction,
/// and shadow scoring and the rollout comparison count it as no answer. The HTTP routes let the
/// <see cref="ImageRejectedException"/> reach RequestGuard instead.
/// </summary>
internal static class RejectedImages
{
    public static async Task<Prediction> ClassifyOrRejectAsync(this ImageClassifier classifier, ReadOnlyMemory<byte> encoded, int top = 3, ImageLimits? limits = null)
    {
        try
        {
            return await classifier.ClassifyAsync(encoded, top, limits);
        }
        catch (ImageRejectedException e)
        {
            return Prediction.Rejected(classifier.Info, e.Message);
        }
    }
}
