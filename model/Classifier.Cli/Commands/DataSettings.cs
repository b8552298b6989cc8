using System.ComponentModel;
using Classifier.Core.Imaging;
using Classifier.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Classifier.Cli.Commands;

/// <summary>Where labelled images come from: an ImageFolder tree, or the Fashion-MNIST IDX files.</summary>
public class DataSettings : CommandSettings
{
    [CommandOption("--data <DIR>"), Description("Folder with one subfolder of images per label.")]
    public string? Data { get; init; }

    [CommandOption("--fashion-mnist <DIR>"), Description($"Folder with the Fashion-MNIST IDX files (Debian: {FashionMnist.DebianDirectory}).")]
    public string? FashionMnistDir { get; init; }

    public string DataRoot => Path.GetFullPath(Data ?? FashionMnistDir ?? ".");

    public override ValidationResult Validate() =>
        (Data is null) == (FashionMnistDir is null)
            ? ValidationResult.Error("give exactly one of --data DIR or --fashion-mnist DIR")
            : ValidationResult.Success();

    /// <param name="split">For Fashion-MNIST: "train" or "t10k" (test).</param>
    /// <param name="decode">How image files are decoded (the model card's decode); Fashion-MNIST's pixels need none.</param>
    public Dataset LoadDataset(string split, DecodeOptions? decode = null) =>
        Data is not null ? ImageFolder.Load(Data, decode: decode) : FashionMnist.Load(FashionMnistDir!, split);
}
