using System.Text.Json;

namespace Classifier.Tests;

/// <summary>The committed image fixtures and the values Pillow computed for them (Fixtures/make_fixtures.py).</summary>
internal static class Fixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static JsonElement Expected { get; } = JsonDocument.Parse(File.ReadAllText(Path("expected.json"))).RootElement;
}
