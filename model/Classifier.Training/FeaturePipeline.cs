using Classifier.Core.Imaging;

namespace Classifier.Training;

/// <summary>Decode, (augment,) fit and run the backbone over a list of images, using and filling a cache.</summary>
public sealed class FeaturePipeline(FeatureExtractor extractor, ImageFit resize, int seed)
{
    private const int Chunk = 16;

    /// <param name="variant">0 is the image itself; 1..N are augmented variants.</param>
    public IReadOnlyList<FeatureRow> Compute(IReadOnlyList<LabeledImage> items, int variant, FeatureCache cache,
        IProgress<int>? progress = null, CancellationToken cancel = default)
    {
        var rows = new FeatureRow[items.Count];
        var pending = new List<(int Index, RgbImage Image)>();
        var done = 0;

        void RunPending()
        {
            if (pending.Count == 0)
                return;
            var features = extractor.Extract(pending.Select(p => p.Image).ToList());
            for (var j = 0; j < pending.Count; j++)
            {
                var (index, _) = pending[j];
                cache.Add(Key(items[index], variant), features[j]);
                rows[index] = new FeatureRow(items[index], variant, features[j], null);
            }
            done += pending.Count;
            progress?.Report(done);
            pending.Clear();
        }

        for (var i = 0; i < items.Count; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var item = items[i];
            if (cache.TryGet(Key(item, variant), out var cached))
            {
                rows[i] = new FeatureRow(item, variant, cached, null);
                progress?.Report(++done);
                continue;
            }
            try
            {
                var image = item.Load();
                if (variant > 0)
                    image = Augmenter.Variant(image, item.Id, variant, seed);
                pending.Add((i, ImageFitter.Fit(image, FeatureExtractor.Input.Width, FeatureExtractor.Input.Height, resize)));
            }
            catch (Exception e) when (e is ImageRejectedException or IOException or UnauthorizedAccessException)
            {
                rows[i] = new FeatureRow(item, variant, null, e.Message);
                progress?.Report(++done);
            }
            if (pending.Count == Chunk)
                RunPending();
        }
        RunPending();
        cache.Flush();
        return rows;
    }

    private string Key(LabeledImage item, int variant) => variant == 0 ? item.Id : $"{item.Id}#aug{variant}/{seed}";
}
