namespace Classifier.Core.Model;

/// <summary>The model's input tensor and how pixels map to it: value = (pixel * PixelScale - Mean[c]) / Std[c].</summary>
public sealed record ModelInput
{
    public string Name { get; init; } = "";
    public int Width { get; init; }
    public int Height { get; init; }
    /// <summary>"RGB" or "BGR": the order of the three channel planes (NCHW).</summary>
    public string ChannelOrder { get; init; } = "RGB";
    public float PixelScale { get; init; } = 1f / 255f;
    public float[] Mean { get; init; } = [0f, 0f, 0f];
    public float[] Std { get; init; } = [1f, 1f, 1f];
}
