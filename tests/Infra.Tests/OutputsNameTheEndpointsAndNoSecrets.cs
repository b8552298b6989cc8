using System.Text.RegularExpressions;

namespace Infra.Tests;

/// <summary>azd writes every output into .azure/&lt;env&gt;/.env in plain text: no secret may be one.</summary>
public partial class OutputsNameTheEndpointsAndNoSecrets
{
    private static readonly ArmTemplate Main = CompiledTemplates.Main;

    [Theory]
    [InlineData("FUNCTION_APP_URL", "'functionapp'", ".outputs.url.value]")]
    [InlineData("SITE_URL", "'site'", ".outputs.url.value]")]
    [InlineData("AZURE_STORAGE_ACCOUNT_NAME", "'storage'", ".outputs.name.value]")]
    [InlineData("AZURE_FUNCTION_APP_NAME", "'functionapp'", ".outputs.name.value]")]
    [InlineData("EVENT_GRID_SYSTEM_TOPIC_NAME", "'eventgrid-topic'", ".outputs.name.value]")]
    public void An_output_passes_on_a_module_value(string output, string module, string ending)
    {
        var value = ArmTemplate.Text(Main.Outputs[output]?["value"]) ?? "";

        Assert.Contains(module, value, StringComparison.Ordinal);
        Assert.EndsWith(ending, value, StringComparison.Ordinal);
    }

    [Fact]
    public void The_hooks_find_the_resource_group_and_the_sites_api_base()
    {
        Assert.Equal("[format('rg-{0}', parameters('environmentName'))]", ArmTemplate.Text(Main.Outputs["AZURE_RESOURCE_GROUP"]?["value"]));
        var apiBase = ArmTemplate.Text(Main.Outputs["SITE_API_BASE"]?["value"]) ?? "";
        Assert.StartsWith("[format('{0}/api{1}', ", apiBase, StringComparison.Ordinal);
        Assert.EndsWith(", if(parameters('publicDemo'), '/public', ''))]", apiBase, StringComparison.Ordinal);
    }

    [Fact]
    public void The_module_urls_are_https_host_names()
    {
        Assert.Equal("[format('https://{0}', reference(resourceId('Microsoft.Web/sites', parameters('name')), '2025-03-01').defaultHostName)]",
            ArmTemplate.Text(Main.Module("functionapp").Outputs["url"]?["value"]));
        Assert.Equal("[format('https://{0}', reference(resourceId('Microsoft.Web/staticSites', parameters('name')), '2025-03-01').defaultHostname)]",
            ArmTemplate.Text(Main.Module("site").Outputs["url"]?["value"]));
    }

    [Fact]
    public void No_output_at_any_level_looks_like_a_key_secret_or_connection_string()
    {
        var templates = new[] { Main, CompiledTemplates.EventGrid }
            .Concat(Main.OwnResources
                .Where(resource => ArmTemplate.Text(resource["type"]) == "Microsoft.Resources/deployments")
                .Select(resource => Main.Module(ArmTemplate.Text(resource["name"])!)));

        var offenders = templates
            .SelectMany(template => template.Outputs)
            .Where(output => SecretName().IsMatch(output.Key)
                || SecretValue().IsMatch(output.Value?.ToJsonString() ?? "")
                || ArmTemplate.Text(output.Value?["type"]) is "securestring" or "secureObject")
            .Select(output => output.Key)
            .ToArray();

        Assert.Empty(offenders);
        Assert.True(Main.Outputs.Count >= 8, "Expected the outputs azd and the hooks rely on.");
    }

    [GeneratedRegex("key|secret|password|token|connection|sas", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"list[A-Za-z]*\(|AccountKey|ConnectionString|InstrumentationKey|secret|password", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();
}
