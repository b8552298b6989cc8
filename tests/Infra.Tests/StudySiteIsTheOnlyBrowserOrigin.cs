namespace Infra.Tests;

public class StudySiteIsTheOnlyBrowserOrigin
{
    private static readonly ArmTemplate Main = CompiledTemplates.Main;

    [Fact]
    public void Cors_allows_exactly_one_origin_without_credentials()
    {
        var cors = Main.SingleResource("Microsoft.Web/sites")["properties"]?["siteConfig"]?["cors"];

        Assert.Equal(["[parameters('allowedOrigin')]"], cors?["allowedOrigins"]?.AsArray().Select(ArmTemplate.Text));
        Assert.False(cors?["supportCredentials"]?.GetValue<bool>());
    }

    [Fact]
    public void That_origin_is_the_static_web_apps_url()
    {
        var origin = ArmTemplate.Text(Main.ModuleArgument("functionapp", "allowedOrigin")) ?? "";

        Assert.Contains("'Microsoft.Resources/deployments', 'site')", origin, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.url.value]", origin, StringComparison.Ordinal);
        Assert.DoesNotContain("*", origin, StringComparison.Ordinal);
    }

    [Fact]
    public void The_site_is_a_free_static_web_app_tagged_for_azd()
    {
        var site = Main.SingleResource("Microsoft.Web/staticSites");

        Assert.Equal("Free", ArmTemplate.Text(site["sku"]?["name"]));
        Assert.Contains("'azd-service-name', 'site'", ArmTemplate.Text(Main.ModuleArgument("site", "tags")), StringComparison.Ordinal);
    }
}
