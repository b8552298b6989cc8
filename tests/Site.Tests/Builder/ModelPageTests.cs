namespace Site.Tests.Builder;

/// <summary>The /model/ page and the demo's examples describe the package being served, not always the built-in one.</summary>
public sealed class ModelPageTests
{
    [Fact]
    public void A_package_without_a_readme_gets_a_page_made_from_its_card_and_no_examples()
    {
        using var site = new FixtureSite();
        File.Delete(Path.Combine(site.ModelDir, "README.md"));
        File.WriteAllText(Path.Combine(site.ModelDir, "model.json"), """
            { "name": "bears", "version": "1.2.0", "description": "Grizzly, black or teddy", "labels": ["black", "grizzly", "teddy"],
              "input": { "width": 224, "height": 224 }, "resize": "crop", "minConfidence": 0.7 }
            """);

        site.Build();

        var page = site.ReadPage("model/");
        Assert.Contains("<h1 id=\"bears-1.2.0\">bears 1.2.0</h1>", page);
        Assert.Contains("Grizzly, black or teddy", page);
        Assert.Contains("<li>teddy</li>", page);
        Assert.Contains("fitted to 224 x 224 pixels by <code>crop</code>", page);
        Assert.Contains("under 0.7 is <code>uncertain</code>", page);
        Assert.DoesNotContain("demo-examples", site.ReadPage("demo/"));
    }

    [Fact]
    public void A_package_with_examples_offers_exactly_those_in_the_demo()
    {
        using var site = new FixtureSite();
        var examples = Directory.CreateDirectory(Path.Combine(site.ModelDir, "examples"));
        File.Copy(Path.Combine(RepoPaths.SiteAssets, "examples", "bag.png"), Path.Combine(examples.FullName, "teddy-bear.png"));

        site.Build();

        var demo = site.ReadPage("demo/");
        Assert.Contains("data-example=\"../assets/model-examples/teddy-bear.png\"", demo);
        Assert.Contains("teddy bear</button>", demo);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(demo, "data-example="));
        Assert.True(File.Exists(Path.Combine(site.OutDir, "assets", "model-examples", "teddy-bear.png")));
        Assert.Empty(SiteCrawler.BrokenReferences(site.OutDir));
    }
}
