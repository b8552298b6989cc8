using System.Text.Json.Nodes;

namespace Infra.Tests;

public class FunctionAppRunsDotnetIsolatedOnFlexConsumption
{
    private static readonly ArmTemplate Main = CompiledTemplates.Main;

    private static JsonObject FunctionApp => Main.SingleResource("Microsoft.Web/sites");

    [Fact]
    public void The_plan_is_flex_consumption_fc1_on_linux()
    {
        var plan = Main.SingleResource("Microsoft.Web/serverfarms");

        Assert.Equal("FC1", ArmTemplate.Text(plan["sku"]?["name"]));
        Assert.Equal("FlexConsumption", ArmTemplate.Text(plan["sku"]?["tier"]));
        Assert.True(plan["properties"]?["reserved"]?.GetValue<bool>());
    }

    [Fact]
    public void The_runtime_is_dotnet_isolated_10()
    {
        var runtime = FunctionApp["properties"]?["functionAppConfig"]?["runtime"];

        Assert.Equal("dotnet-isolated", ArmTemplate.Text(runtime?["name"]));
        Assert.Equal("10.0", ArmTemplate.Text(runtime?["version"]));
    }

    [Fact]
    public void Instance_memory_and_maximum_instances_are_parameters_with_sensible_defaults()
    {
        var scale = FunctionApp["properties"]?["functionAppConfig"]?["scaleAndConcurrency"];

        Assert.Equal("[parameters('instanceMemoryMB')]", ArmTemplate.Text(scale?["instanceMemoryMB"]));
        Assert.Equal("[parameters('maximumInstanceCount')]", ArmTemplate.Text(scale?["maximumInstanceCount"]));
        Assert.Equal(2048, Main.DefaultValue("instanceMemoryMB")?.GetValue<int>());
        Assert.Equal(100, Main.DefaultValue("maximumInstanceCount")?.GetValue<int>());
        Assert.Equal("[parameters('instanceMemoryMB')]", ArmTemplate.Text(Main.ModuleArgument("functionapp", "instanceMemoryMB")));
        Assert.Equal("[parameters('maximumInstanceCount')]", ArmTemplate.Text(Main.ModuleArgument("functionapp", "maximumInstanceCount")));
    }

    [Fact]
    public void The_app_runs_as_its_user_assigned_identity_and_pulls_its_package_with_it()
    {
        Assert.Equal("UserAssigned", ArmTemplate.Text(FunctionApp["identity"]?["type"]));
        var deployment = FunctionApp["properties"]?["functionAppConfig"]?["deployment"]?["storage"];
        Assert.Equal("blobContainer", ArmTemplate.Text(deployment?["type"]));
        Assert.Equal("UserAssignedIdentity", ArmTemplate.Text(deployment?["authentication"]?["type"]));
        Assert.Null(deployment?["authentication"]?["storageAccountConnectionStringName"]);
    }

    [Fact]
    public void The_app_answers_over_https_only()
    {
        Assert.True(FunctionApp["properties"]?["httpsOnly"]?.GetValue<bool>());
        Assert.Equal("1.2", ArmTemplate.Text(FunctionApp["properties"]?["siteConfig"]?["minTlsVersion"]));
    }

    [Fact]
    public void The_infrastructure_phase_creates_the_roles_before_the_app_starts()
    {
        var dependsOn = Main.ModuleDeployment("functionapp")["dependsOn"]?.AsArray()
            .Select(ArmTemplate.Text).ToArray() ?? [];

        Assert.Contains(dependsOn, dependency => dependency?.Contains("'roles')") == true);
    }
}
