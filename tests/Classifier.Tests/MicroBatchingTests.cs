using Classifier.Core.DefaultModel;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using SkiaSharp;

namespace Classifier.Tests;

/// <summary>Concurrent requests share session runs, and each still gets the answer for its own image.</summary>
[Collection(DefaultModelCollection.Name)]
public sealed class MicroBatchingTests(DefaultModelFixture model)
{
    private List<byte[]> DifferentImages(int count) =>
        model.TestSet.Items.Skip(3000).Take(count).Select(i => TestImages.Encode(i.Load(), SKEncodedImageFormat.Png)).ToList();

    [Fact]
    public async Task Concurrent_requests_each_get_the_prediction_for_their_own_image()
    {
        var images = DifferentImages(24);
        var alone = images.Select(png => model.Classifier.Classify(png)).ToList();

        var together = await Task.WhenAll(images.Select(png => Task.Run(() => model.Classifier.ClassifyAsync(png))));

        for (var i = 0; i < images.Count; i++)
        {
            Assert.Equal(alone[i].Label, together[i].Label);
            Assert.Equal(alone[i].Confidence, together[i].Confidence, 0.002f);
        }
        Assert.True(alone.Select(p => p.Label).Distinct().Count() > 3, "the images should not all look alike");
    }

    [Fact]
    public async Task A_rejected_image_among_concurrent_requests_fails_alone()
    {
        var images = DifferentImages(6);
        var calls = images.Select(png => Task.Run(() => model.Classifier.ClassifyAsync(png)))
            .Append(Task.Run(() => model.Classifier.ClassifyAsync(new byte[] { 1, 2, 3, 4 }))).ToList();

        await Assert.ThrowsAsync<ImageRejectedException>(() => calls[^1]);
        foreach (var call in calls.Take(images.Count))
            Assert.NotNull((await call).Label);
        // The batcher still serves after a rejection.
        Assert.NotNull((await model.Classifier.ClassifyAsync(images[0])).Label);
    }

    [Fact]
    public async Task Without_batching_the_answers_are_the_same()
    {
        using var unbatched = ImageClassifier.Load(DefaultModelPackage.Ensure(), new ClassifierOptions { MaxBatch = 0 });
        var png = DifferentImages(1)[0];

        var prediction = await unbatched.ClassifyAsync(png);

        Assert.Equal(model.Classifier.Classify(png).Label, prediction.Label);
    }
}
