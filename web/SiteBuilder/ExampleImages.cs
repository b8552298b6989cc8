namespace SiteBuilder;

/// <summary>The demo's example images: one Fashion-MNIST test image per class, in the dataset's label order.</summary>
public static class ExampleImages
{
    public const string Folder = "examples";

    public static readonly IReadOnlyList<(string File, string Label)> All =
    [
        ("tshirt-top.png", "T-shirt/top"),
        ("trouser.png", "Trouser"),
        ("pullover.png", "Pullover"),
        ("dress.png", "Dress"),
        ("coat.png", "Coat"),
        ("sandal.png", "Sandal"),
        ("shirt.png", "Shirt"),
        ("sneaker.png", "Sneaker"),
        ("bag.png", "Bag"),
        ("ankle-boot.png", "Ankle boot"),
    ];
}
