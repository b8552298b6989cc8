using System.Text.Json.Nodes;

namespace Infra.Tests;

/// <summary>
/// The app's configuration comes from app settings only; each name the code reads is set, and
/// the default of each tunable reaches the app unchanged from main.bicep's parameters.
/// </summary>
public class AppSettingsCoverEverySettingTheCodeReads
{
    private static readonly ArmTemplate Main = CompiledTemplates.Main;
    private static readonly ArmTemplate FunctionAppModule = Main.Module("functionapp");

    private static JsonObject Settings =>
        FunctionAppModule.SingleResource("Microsoft.Web/sites/config")["properties"]!.AsObject();

    public static TheoryData<string> SettingNames => new(
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "Classifier__ModelContainer",
        "Classifier__MinConfidence",
        "Classifier__MaxImageBytes",
        "Classifier__MaxPixels",
        "Classifier__IntraOpThreads",
        "Classifier__Precision",
        "Classifier__MaxBatch",
        "Classifier__MaxBatchWaitMs",
        "Api__PublicDemo",
        "Api__PublicMaxImageBytes",
        "Api__PublicMaxPixels",
        "RateLimit__ExemptLoopback",
        "RateLimit__ClientAddressHeader",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING");

    [Theory]
    [MemberData(nameof(SettingNames))]
    public void The_setting_is_set(string name)
    {
        Assert.True(Settings.ContainsKey(name), $"App setting {name} is missing.");
        Assert.NotNull(Settings[name]);
    }

    [Fact]
    public void Host_storage_is_reached_by_the_user_assigned_identity()
    {
        Assert.Equal("[parameters('storageAccountName')]", Text("AzureWebJobsStorage__accountName"));
        Assert.Equal("managedidentity", Text("AzureWebJobsStorage__credential"));
        Assert.Equal("[parameters('identityClientId')]", Text("AzureWebJobsStorage__clientId"));
        Assert.DoesNotContain(Settings, setting => setting.Key is "AzureWebJobsStorage" or "FUNCTIONS_WORKER_RUNTIME");
    }

    [Fact]
    public void Application_insights_is_written_to_with_an_entra_token()
    {
        Assert.Contains("Authorization=AAD", Text("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), StringComparison.Ordinal);
        Assert.Contains("ClientId=", Text("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), StringComparison.Ordinal);
        Assert.Contains(".ConnectionString", Text("APPLICATIONINSIGHTS_CONNECTION_STRING"), StringComparison.Ordinal);
    }

    [Fact]
    public void Models_are_loaded_from_the_models_container()
    {
        Assert.Equal("[parameters('modelContainerName')]", Text("Classifier__ModelContainer"));
        Assert.Equal("[variables('modelsContainer')]", ArmTemplate.Text(Main.ModuleArgument("functionapp", "modelContainerName")));
        Assert.Equal("models", ArmTemplate.Text(Main.Root["variables"]?["modelsContainer"]));
    }

    [Theory]
    [InlineData("Classifier__MinConfidence", "[parameters('minConfidence')]", "minConfidence", "")]
    [InlineData("Classifier__MaxImageBytes", "[string(parameters('maxImageBytes'))]", "maxImageBytes", "20971520")]
    [InlineData("Classifier__MaxPixels", "[string(parameters('maxPixels'))]", "maxPixels", "40000000")]
    [InlineData("Classifier__IntraOpThreads", "[string(parameters('intraOpThreads'))]", "intraOpThreads", "0")]
    [InlineData("Classifier__Precision", "[parameters('precision')]", "precision", "int8")]
    [InlineData("Classifier__MaxBatch", "[string(parameters('maxBatch'))]", "maxBatch", "8")]
    [InlineData("Classifier__MaxBatchWaitMs", "[string(parameters('maxBatchWaitMs'))]", "maxBatchWaitMs", "2")]
    [InlineData("Api__PublicDemo", "[if(parameters('publicDemo'), 'true', 'false')]", "publicDemo", "false")]
    [InlineData("Api__PublicMaxImageBytes", "[string(parameters('publicMaxImageBytes'))]", "publicMaxImageBytes", "4194304")]
    [InlineData("Api__PublicMaxPixels", "[string(parameters('publicMaxPixels'))]", "publicMaxPixels", "16000000")]
    [InlineData("RateLimit__ClientAddressHeader", "[parameters('clientAddressHeader')]", "clientAddressHeader", "")]
    public void A_tunable_flows_from_its_main_parameter_with_the_documented_default(
        string setting, string expression, string parameter, string defaultValue)
    {
        Assert.Equal(expression, Text(setting));
        Assert.Equal($"[parameters('{parameter}')]", ArmTemplate.Text(Main.ModuleArgument("functionapp", parameter)));
        Assert.Equal(defaultValue, Main.DefaultValue(parameter)?.ToString().ToLowerInvariant());
    }

    [Fact]
    public void Loopback_callers_are_not_exempt_from_the_rate_limit_on_azure()
    {
        // The host forwards every request to the worker over loopback: an exemption would exempt everyone.
        Assert.Equal("false", Text("RateLimit__ExemptLoopback"));
    }

    [Fact]
    public void The_public_routes_accept_smaller_images_than_the_keyed_ones_by_default()
    {
        Assert.True(Main.DefaultValue("publicMaxImageBytes")!.GetValue<long>() < Main.DefaultValue("maxImageBytes")!.GetValue<long>());
        Assert.True(Main.DefaultValue("publicMaxPixels")!.GetValue<long>() < Main.DefaultValue("maxPixels")!.GetValue<long>());
    }

    private static string Text(string setting) => ArmTemplate.Text(Settings[setting]) ?? "";
}
