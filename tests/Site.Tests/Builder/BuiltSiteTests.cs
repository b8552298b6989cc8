namespace Site.Tests.Builder;

/// <summary>The fixture content built into a site: pages, links, assets, budget, configuration.</summary>
public class BuiltSiteTests : IDisposable
{
    private readonly FixtureSite site = new();

    public BuiltSiteTests() => site.Build();

    public void Dispose() => site.Dispose();

    [Fact]
    public void Every_page_is_written_where_the_design_puts_it()
    {
        foreach (var page in new[] { "", "recap/", "quiz/", "demo/", "model/", "review/", "monitor/" })
        {
            Assert.True(File.Exists(Path.Combine(site.OutDir, page, "index.html")), $"/{page}index.html missing");
        }
    }

    [Fact]
    public void Every_internal_link_and_image_resolves()
    {
        Assert.Empty(SiteCrawler.BrokenReferences(site.OutDir));
        // The crawl must have had something to check, including the rewritten Markdown links.
        Assert.Contains(SiteCrawler.References(site.OutDir), r => r.Url == "quiz/#q2");
        Assert.Contains(SiteCrawler.References(site.OutDir), r => r.Url == "confusion-matrix.png");
    }

    [Fact]
    public void The_model_card_sits_beside_its_images_and_linked_files()
    {
        Assert.True(File.Exists(Path.Combine(site.OutDir, "model", "confusion-matrix.png")));
        Assert.True(File.Exists(Path.Combine(site.OutDir, "model", "model.json")));
        Assert.Contains("<img src=\"confusion-matrix.png\" alt=\"Confusion matrix of the fixture model\"", site.ReadPage("model/"));
    }

    [Fact]
    public void The_deployed_site_gets_its_security_headers_with_the_api_origin_allowed_to_connect()
    {
        using var deployed = new FixtureSite();
        SiteBuilder.SiteGenerator.Build(deployed.Options("https://func-demo.azurewebsites.net/api/public"));

        var config = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(deployed.OutDir, "staticwebapp.config.json")))!;
        var headers = config["globalHeaders"]!;
        var policy = headers["Content-Security-Policy"]!.GetValue<string>();
        Assert.Contains("default-src 'self'", policy);
        Assert.Contains("connect-src 'self' https://func-demo.azurewebsites.net;", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(headers["Referrer-Policy"]!.GetValue<string>()));
        Assert.False(File.Exists(Path.Combine(deployed.OutDir, "assets", "staticwebapp.config.json")));
    }

    [Fact]
    public void Every_page_shares_the_layout()
    {
        foreach (var page in new[] { "", "recap/", "quiz/", "demo/", "model/", "review/", "monitor/" })
        {
            var html = site.ReadPage(page);
            Assert.Contains("<html lang=\"en\">", html);
            Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html);
            Assert.Contains("<link rel=\"icon\" href=\"data:,\">", html);
            Assert.Contains("<nav aria-label=\"Site\">", html);
            Assert.Matches("<title>[^<]+ · ", html);
        }
        Assert.Contains("<title>Fixture recap · ", site.ReadPage("recap/"));
    }

    [Fact]
    public void A_page_without_a_level_one_heading_gets_its_title_as_one()
    {
        site.WriteContent("recap.md", "---\ntitle: Recap <in brief>\n---\nJust text.\n");

        site.Build();

        Assert.Contains("<main id=\"main\">\n<h1>Recap &lt;in brief&gt;</h1>\n<p>Just text.</p>", site.ReadPage("recap/"));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(site.ReadPage(""), "<h1"));
    }

    [Fact]
    public void Code_blocks_can_be_scrolled_from_the_keyboard()
    {
        site.WriteContent("recap.md", "# Recap\n\n```python\nlearn = vision_learner(dls, resnet18, metrics=error_rate)\n```\n");

        site.Build();

        Assert.Contains("<pre><code class=\"language-python\" tabindex=\"0\">", site.ReadPage("recap/"));
    }

    [Fact]
    public void The_quiz_page_carries_the_demo_beside_the_questions()
    {
        var quiz = site.ReadPage("quiz/");

        Assert.Contains("<aside class=\"demo-column\" aria-label=\"Live demo\">", quiz);
        Assert.Contains("src=\"../assets/quiz.js\"", quiz);
        Assert.Contains("src=\"../assets/demo.js\"", quiz);
    }

    [Fact]
    public void Nothing_is_loaded_from_another_origin()
    {
        // Links to other sites are fine; scripts, styles, images and fetches from them are not.
        var loadsElsewhere = new System.Text.RegularExpressions.Regex(
            """(?:src|data-example)="(?:https?:)?//|<link[^>]+href="(?:https?:)?//|url\(\s*['"]?(?:https?:)?//|(?:from|import|fetch\()\s*["'](?:https?:)?//""");
        var offenders = Directory.EnumerateFiles(site.OutDir, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".html", StringComparison.Ordinal) || f.EndsWith(".js", StringComparison.Ordinal) || f.EndsWith(".css", StringComparison.Ordinal))
            .Where(f => loadsElsewhere.IsMatch(File.ReadAllText(f)))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void Each_page_loads_at_most_80_kilobytes_of_javascript_and_css()
    {
        var budgets = new[] { "", "recap/", "quiz/", "demo/", "model/" }
            .ToDictionary(page => page, page => SiteCrawler.ScriptsAndStyles(site.OutDir, page));

        Assert.Contains(budgets["quiz/"], f => f.EndsWith("stemmer.js", StringComparison.Ordinal));
        foreach (var (page, files) in budgets)
        {
            var total = files.Sum(f => new FileInfo(f).Length);
            Assert.True(total <= 80 * 1024, $"/{page} loads {total} bytes of JS + CSS: {string.Join(", ", files.Select(Path.GetFileName))}");
        }
    }

    [Fact]
    public void The_stemmer_package_is_copied_beside_the_scripts_with_its_licence()
    {
        var vendor = Path.Combine(site.OutDir, "assets", "vendor");

        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "node_modules", "stemmer", "index.js")),
            File.ReadAllText(Path.Combine(vendor, "stemmer.js")));
        Assert.Contains("MIT License", File.ReadAllText(Path.Combine(vendor, "stemmer.LICENSE.txt")));
    }

    [Fact]
    public void The_api_base_is_written_once_into_config_js()
    {
        Assert.Equal("export const apiBase = \"/api\";\n", File.ReadAllText(Path.Combine(site.OutDir, "config.js")));

        SiteBuilder.SiteGenerator.Build(site.Options("https://example.test/api"));

        Assert.Equal("export const apiBase = \"https://example.test/api\";\n", File.ReadAllText(Path.Combine(site.OutDir, "config.js")));
        // Besides config.js, only the deployed site's CSP names the API's origin (to let the demo connect to it).
        Assert.Equal(["config.js", "staticwebapp.config.json"], Directory.EnumerateFiles(site.OutDir, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("example.test", StringComparison.Ordinal)).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_rebuild_replaces_the_previous_output()
    {
        var stale = Path.Combine(site.OutDir, "recap", "stale.html");
        File.WriteAllText(stale, "old");

        site.Build();

        Assert.False(File.Exists(stale));
    }
}
