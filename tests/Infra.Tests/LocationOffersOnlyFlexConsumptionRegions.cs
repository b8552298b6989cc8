namespace Infra.Tests;

/// <summary>
/// `azd up` asks for a region from main.bicep's location parameter: azd's location metadata makes it
/// offer a region list, and @allowed narrows that list to the regions that run the Flex Consumption plan.
/// </summary>
public class LocationOffersOnlyFlexConsumptionRegions
{
    private static readonly System.Text.Json.Nodes.JsonNode? Location = CompiledTemplates.Main.Parameters["location"];

    private static string[] Allowed =>
        Location?["allowedValues"]?.AsArray().Select(value => ArmTemplate.Text(value) ?? "").ToArray() ?? [];

    [Fact]
    public void Azd_prompts_for_the_location_as_an_azure_region()
    {
        Assert.Equal("location", ArmTemplate.Text(Location?["metadata"]?["azd"]?["type"]));
    }

    [Theory]
    [InlineData("eastus")]
    [InlineData("westeurope")]
    [InlineData("northeurope")]
    [InlineData("australiaeast")]
    [InlineData("swedencentral")]
    public void Regions_that_run_flex_consumption_are_offered(string region)
    {
        Assert.Contains(region, Allowed);
    }

    [Theory]
    [InlineData("eastus2euap")] // a canary region ordinary subscriptions cannot deploy to
    [InlineData("chinaeast2")] // another cloud
    [InlineData("usgovvirginia")]
    [InlineData("West Europe")] // display names are not region names
    public void Anything_else_is_refused_before_any_resource_is_created(string region)
    {
        Assert.DoesNotContain(region, Allowed);
    }

    [Fact]
    public void The_list_is_lower_case_region_names_without_duplicates()
    {
        Assert.True(Allowed.Length >= 20, $"Only {Allowed.Length} regions.");
        Assert.All(Allowed, region => Assert.Matches("^[a-z0-9]+$", region));
        Assert.Equal(Allowed.Length, Allowed.Distinct().Count());
    }

    [Fact]
    public void Every_regional_resource_but_the_site_uses_that_location()
    {
        foreach (var module in new[] { "identity", "storage", "monitoring", "functionapp", "eventgrid-topic" })
        {
            Assert.Equal("[parameters('location')]", ArmTemplate.Text(CompiledTemplates.Main.ModuleArgument(module, "location")));
        }
    }

    [Fact]
    public void The_docs_name_where_the_list_comes_from_and_how_to_add_a_region()
    {
        var docs = File.ReadAllText(Path.Combine(Infra.RepositoryRoot, "docs", "deploy.md"));

        Assert.Contains("az functionapp list-flexconsumption-locations", docs, StringComparison.Ordinal);
        Assert.Contains("infra/main.bicep", docs, StringComparison.Ordinal);
    }
}
