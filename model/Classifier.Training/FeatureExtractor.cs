using Classifier.Core.DefaultModel;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;

namespace Classifier.Training;

/// <summary>
/// The frozen ResNet18 backbone: prepared 224x224 images in, per image the descriptor a head is trained on
/// (see <see cref="ModelAssembler"/>) out.
/// </summary>
public sealed class FeatureExtractor : IDisposable
{
    public static readonly ModelInput Input = new()
    {
        Name = ModelAssembler.InputName,
        Width = BackboneParts.InputSize,
        Height = BackboneParts.InputSize,
        ChannelOrder = "RGB",
        PixelScale = 1f, // the graph's own preprocessing expects 0..255
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    private readonly OnnxRunner _runner;

    private FeatureExtractor(OnnxRunner runner) => _runner = runner;

    public static FeatureExtractor Open(int intraOpThreads = 0) =>
        new(OnnxRunner.Open(DefaultModelPackage.EnsureBackbone(), intraOpThreads));

    public float[][] Extract(IReadOnlyList<RgbImage> prepared) =>
        _runner.Run(Input, prepared, [ModelAssembler.DescriptorName])[0];

    /// <summary>
    /// The part of a descriptor that a merged package serves as its <c>features</c> output: the descriptor
    /// starts with the 512 globally pooled features (see <see cref="ModelAssembler"/>).
    /// </summary>
    public static float[] FeaturesOf(float[] descriptor) => descriptor[..BackboneParts.FeatureCount];

    public void Dispose() => _runner.Dispose();
}
