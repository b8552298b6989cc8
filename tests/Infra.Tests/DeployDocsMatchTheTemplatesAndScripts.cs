using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infra.Tests;

/// <summary>
/// docs/deploy.md states what the code enforces: the minimum tool versions (with the reason for each), the
/// retry policy and dead-letter container, how to replay dead letters, and what each smoke check means.
/// </summary>
public partial class DeployDocsMatchTheTemplatesAndScripts
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(Infra.RepositoryRoot, "docs", "deploy.md"));

    [Fact]
    public void The_minimum_azd_is_the_one_azure_yaml_requires_with_the_reason()
    {
        var required = RequiredAzd().Match(File.ReadAllText(Path.Combine(Infra.RepositoryRoot, "azure.yaml"))).Groups[1].Value;

        Assert.Equal("1.25.6", required);
        Assert.Matches($@"\| \[Azure Developer CLI\][^|]*\| {Regex.Escape(required)} \|[^|]*environment named `default`", Docs);
    }

    [Fact]
    public void The_minimum_az_is_the_one_the_hook_checks_with_the_reason()
    {
        var minimum = MinimumAz().Match(File.ReadAllText(Path.Combine(Infra.HooksDirectory, "postdeploy.sh"))).Groups[1].Value;

        Assert.Equal("2.88.0", minimum);
        Assert.Matches($@"\| \[Azure CLI\][^|]*\| {Regex.Escape(minimum)} \|[^|]*2\.87\.0[^|]*`null`", Docs);
    }

    [Fact]
    public void The_minimum_dotnet_sdk_is_the_one_global_json_pins_with_the_reason()
    {
        var sdk = ArmTemplate.Text(JsonNode.Parse(File.ReadAllText(Path.Combine(Infra.RepositoryRoot, "global.json")))?["sdk"]?["version"]);

        Assert.Matches($@"\| \.NET SDK \| {Regex.Escape(sdk!)} \|[^|]*\.NET 10 isolated worker", Docs);
    }

    [Fact]
    public void The_retry_policy_and_dead_letter_container_are_the_ones_deployed()
    {
        var retry = CompiledTemplates.EventGrid.SingleResource("Microsoft.EventGrid/systemTopics/eventSubscriptions")["properties"]?["retryPolicy"];

        Assert.Contains($"**{retry?["maxDeliveryAttempts"]} attempts or {retry?["eventTimeToLiveInMinutes"]?.GetValue<int>() / 60} hours**", Docs,
            StringComparison.Ordinal);
        Assert.Contains("`deadletter` container", Docs, StringComparison.Ordinal);
    }

    [Fact]
    public void The_docs_say_how_to_find_and_replay_dead_lettered_events()
    {
        Assert.Contains("az storage blob list --auth-mode login --account-name \"$account\" -c deadletter", Docs, StringComparison.Ordinal);
        Assert.Contains("-c uploads -n \"$name\" -f \"$name\" --overwrite", Docs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("prediction")]
    [InlineData("upload")]
    [InlineData("demo page")]
    public void Each_smoke_check_has_a_row_saying_what_its_failure_usually_means(string check)
    {
        Assert.Contains("scripts/smoke.sh \"$(azd env get-value FUNCTION_APP_URL)\"", Docs, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^\| {check} \| [^|]+ \| [^|]+ \|$", Docs);
        Assert.Contains($"check_{check.Replace(' ', '_')}", File.ReadAllText(Infra.SmokeScript), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage Blob Data Contributor")]
    [InlineData("Storage Blob Data Reader")]
    [InlineData("Storage Queue Data Contributor")]
    [InlineData("Storage Table Data Contributor")]
    [InlineData("Monitoring Metrics Publisher")]
    public void Every_role_granted_is_listed_with_its_reason(string role)
    {
        Assert.Matches($@"(?m)^\| [^|]+ \| {role} \| [^|]+ \| [^|]+ \|$", Docs);
        Assert.DoesNotContain("Blob Data Owner", Docs, StringComparison.Ordinal);
    }

    [Fact]
    public void Neither_the_docs_nor_the_key_dialog_send_a_visitor_to_the_default_host_key()
    {
        var dialog = File.ReadAllText(Path.Combine(Infra.RepositoryRoot, "web", "site", "function-key.js"));
        foreach (var text in new[] { Docs, dialog })
        {
            Assert.DoesNotContain("functionKeys.default", text, StringComparison.Ordinal);
            Assert.Contains("--function-name Predict --query demo -o tsv", text, StringComparison.Ordinal);
        }
        Assert.Contains("--query masterKey -o tsv", Docs, StringComparison.Ordinal);
        Assert.Contains("How an operator gets in", Docs, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FUNCTION_MAX_INSTANCES", "maximumInstanceCount")]
    [InlineData("LOG_RETENTION_DAYS", "logRetentionDays")]
    public void The_options_table_gives_each_azd_variable_with_the_templates_default(string variable, string parameter)
    {
        var days = CompiledTemplates.Main.DefaultValue(parameter)!.GetValue<int>();
        Assert.Contains($"| `{variable}` | `{days}` |", Docs, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cost_section_states_its_prices_their_date_and_where_to_check_them()
    {
        Assert.Contains("### What it costs", Docs, StringComparison.Ordinal);
        Assert.Contains("on 2026-12-02", Docs, StringComparison.Ordinal);
        Assert.Contains("[Azure pricing calculator]", Docs, StringComparison.Ordinal);
        Assert.Contains("1 s x 2 GB = 2 GB-s", Docs, StringComparison.Ordinal); // the 2,048 MB instance the Bicep deploys
        Assert.Equal(2048, CompiledTemplates.Main.DefaultValue("instanceMemoryMB")!.GetValue<int>());
        Assert.Contains("### How long `azd up` takes\n\nNot measured", Docs.Replace("\r", ""), StringComparison.Ordinal);
    }

    [Fact]
    public void The_retention_the_docs_give_is_the_one_deployed()
    {
        var days = CompiledTemplates.Main.DefaultValue("retentionDays")!.GetValue<int>();
        Assert.Contains($"`retentionDays` days (a parameter of `infra/main.bicep`,\ndefault {days})", Docs.Replace("\r", ""), StringComparison.Ordinal);
        Assert.Contains("a reviewed image is deleted like\nany other", Docs.Replace("\r", ""), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"(?m)^  azd: "">= ([0-9.]+)""$")]
    private static partial Regex RequiredAzd();

    [GeneratedRegex(@"(?m)^minimum_az=""([0-9.]+)""$")]
    private static partial Regex MinimumAz();
}
