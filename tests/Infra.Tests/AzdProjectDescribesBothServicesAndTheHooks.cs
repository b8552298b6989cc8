using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infra.Tests;

/// <summary>
/// azure.yaml and infra/main.parameters.json: what `azd up` provisions and deploys. The YAML is
/// small and flat, so it is read line by line rather than with a YAML library.
/// </summary>
public partial class AzdProjectDescribesBothServicesAndTheHooks
{
    private static readonly string AzureYaml = File.ReadAllText(Path.Combine(Infra.RepositoryRoot, "azure.yaml"));

    private static readonly JsonObject ParameterFile = JsonNode.Parse(
        File.ReadAllText(Path.Combine(Infra.Directory, "main.parameters.json")))!["parameters"]!.AsObject();

    [Fact]
    public void The_api_service_deploys_the_functions_project_as_a_function_app()
    {
        var api = Service("api");

        Assert.Equal("./functions/Classifier.Functions", api["project"]);
        Assert.Equal("dotnet", api["language"]);
        Assert.Equal("function", api["host"]);
    }

    [Fact]
    public void The_site_service_deploys_the_built_static_files_to_static_web_apps()
    {
        var site = Service("site");

        Assert.Equal("./web", site["project"]);
        Assert.Equal("dist", site["dist"]);
        Assert.Equal("staticwebapp", site["host"]);
        Assert.False(site.ContainsKey("language"), "A language would make azd try to build plain static files.");
    }

    [Fact]
    public void Each_service_name_matches_the_azd_tag_on_its_resource()
    {
        Assert.Contains("'azd-service-name': 'api'", File.ReadAllText(Path.Combine(Infra.Directory, "modules", "functionapp.bicep")),
            StringComparison.Ordinal);
        Assert.Contains("'azd-service-name': 'site'", File.ReadAllText(Path.Combine(Infra.Directory, "main.bicep")),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../infra/hooks/build-site.sh", "web")]
    [InlineData("infra/hooks/postdeploy.sh", "")]
    public void Every_hook_the_project_runs_exists_and_is_executable(string run, string workingDirectory)
    {
        Assert.Contains($"run: {run}", AzureYaml, StringComparison.Ordinal);
        var script = Path.GetFullPath(Path.Combine(Infra.RepositoryRoot, workingDirectory, run));
        Assert.True(File.Exists(script), $"{script} is missing.");
        if (!OperatingSystem.IsWindows())
        {
            Assert.True(File.GetUnixFileMode(script).HasFlag(UnixFileMode.UserExecute), $"{script} is not executable.");
        }
    }

    [Fact]
    public void Azd_older_than_1_25_6_is_refused_before_it_deploys_anything()
    {
        Assert.Matches(RequiredAzdVersion(), AzureYaml);
    }

    [Fact]
    public void The_subscription_is_created_after_the_code_is_deployed()
    {
        Assert.Matches(ProjectPostdeployHook(), AzureYaml);
    }

    [Theory]
    [InlineData("environmentName", "${AZURE_ENV_NAME}")]
    [InlineData("location", "${AZURE_LOCATION}")]
    [InlineData("principalId", "${AZURE_PRINCIPAL_ID}")]
    public void Azd_environment_values_feed_the_parameters(string parameter, string value)
    {
        Assert.Equal(value, ArmTemplate.Text(ParameterFile[parameter]?["value"]));
    }

    [Theory]
    [InlineData("maximumInstanceCount", "FUNCTION_MAX_INSTANCES")]
    [InlineData("logRetentionDays", "LOG_RETENTION_DAYS")]
    public void Scale_and_log_retention_are_azd_environment_values_defaulting_to_mains_defaults(string parameter, string variable)
    {
        var value = ArmTemplate.Text(ParameterFile[parameter]?["value"]) ?? "";
        var defaultValue = CompiledTemplates.Main.DefaultValue(parameter)!.GetValue<int>();

        Assert.Equal($"${{{variable}={defaultValue}}}", value);
    }

    [Fact]
    public void The_log_retention_parameter_reaches_the_workspace()
    {
        var workspace = CompiledTemplates.Main.Module("monitoring").SingleResource("Microsoft.OperationalInsights/workspaces");

        Assert.Equal("[parameters('logRetentionDays')]", ArmTemplate.Text(CompiledTemplates.Main.ModuleArgument("monitoring", "retentionInDays")));
        Assert.Equal("[parameters('retentionInDays')]", ArmTemplate.Text(workspace["properties"]!["retentionInDays"]));
        Assert.Equal(30, CompiledTemplates.Main.DefaultValue("logRetentionDays")!.GetValue<int>());
    }

    [Fact]
    public void The_parameter_file_names_only_parameters_main_declares_and_all_it_requires()
    {
        var declared = CompiledTemplates.Main.Parameters;
        var required = declared.Where(parameter => parameter.Value?["defaultValue"] is null).Select(parameter => parameter.Key);

        Assert.All(ParameterFile, parameter => Assert.True(declared.ContainsKey(parameter.Key), $"main.bicep has no {parameter.Key}."));
        Assert.All(required, parameter => Assert.True(ParameterFile.ContainsKey(parameter), $"{parameter} is not supplied."));
    }

    /// <summary>The key/value lines directly under `services: name:` in azure.yaml.</summary>
    private static Dictionary<string, string> Service(string name)
    {
        var lines = AzureYaml.Split('\n');
        var start = Array.IndexOf(lines, $"  {name}:");
        Assert.True(start >= 0, $"azure.yaml has no service '{name}'.");
        return lines.Skip(start + 1)
            .TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal) || line.TrimStart().StartsWith('#'))
            .Select(line => ServiceProperty().Match(line))
            .Where(match => match.Success)
            .ToDictionary(match => match.Groups[1].Value, match => match.Groups[2].Value);
    }

    [GeneratedRegex(@"^    (\w+): (\S+)\s*$")]
    private static partial Regex ServiceProperty();

    [GeneratedRegex(@"(?m)^requiredVersions:\n(?: *#.*\n)*  azd: "">= 1\.25\.6""$")]
    private static partial Regex RequiredAzdVersion();

    [GeneratedRegex(@"(?m)^hooks:\n(?: *#.*\n)*  postdeploy:\n    posix:\n      shell: sh\n      run: infra/hooks/postdeploy.sh$")]
    private static partial Regex ProjectPostdeployHook();
}
