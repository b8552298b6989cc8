namespace Site.Tests.Builder;

/// <summary>Content is Markdown only: nothing in it can add script to a page.</summary>
public class RawHtmlTests
{
    private static string BuildHome(string markdown)
    {
        using var site = new FixtureSite();
        site.WriteContent("index.md", markdown);
        site.Build();
        return site.ReadPage("");
    }

    [Fact]
    public void A_script_element_in_content_is_written_as_text()
    {
        var html = BuildHome("# Home\n\n<script>alert('xss')</script>\n\nText <img src=x onerror=alert(1)> inline.\n");

        Assert.Contains("&lt;script&gt;alert('xss')&lt;/script&gt;", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<script>alert", html);
    }

    [Fact]
    public void Raw_html_inside_a_quiz_answer_is_written_as_text()
    {
        using var site = new FixtureSite(":::question\n## 1. Q?\n\n<script>alert(1)</script>\n\nKey ideas: a; b\n:::\n");
        site.Build();

        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", site.ReadPage("quiz/"));
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(1))")]
    [InlineData("[click](java&#9;script:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click][ref]\n\n[ref]: vbscript:msgbox(1)")]
    public void Links_with_script_schemes_are_disarmed(string markdown)
    {
        var html = BuildHome($"# Home\n\n{markdown}\n");

        Assert.Contains("<a href=\"#\">click</a>", html);
    }

    [Fact]
    public void Attribute_syntax_cannot_add_event_handlers()
    {
        var html = BuildHome("# Home {onclick=\"alert(1)\"}\n\nText {onmouseover=alert(1)}\n");

        Assert.DoesNotContain("onclick=\"alert", html);
        Assert.DoesNotContain("onmouseover=\"alert", html);
    }
}
