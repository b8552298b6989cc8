namespace Infra.Tests;

/// <summary>
/// The key a demo visitor is given (infra/demo-keys.bicep, run by the postdeploy hook): a function-specific
/// key on predict, uploads and the result poll only, generated in the deployment as a secure value; the
/// operator routes are admin level (functions.metadata, checked in Pipeline.Tests), so no function key opens them.
/// </summary>
public class DemoKeyOpensTheDemoFunctionsOnly
{
    private static readonly ArmTemplate DemoKeys = CompiledTemplates.DemoKeys;

    [Fact]
    public void It_is_a_function_key_named_demo_on_the_demo_functions_and_no_host_key()
    {
        var key = DemoKeys.SingleResource("Microsoft.Web/sites/functions/keys");
        Assert.Equal("[format('{0}/{1}/{2}', parameters('functionAppName'), parameters('demoFunctionNames')[copyIndex()], 'demo')]",
            ArmTemplate.Text(key["name"]));
        Assert.Equal("[length(parameters('demoFunctionNames'))]", ArmTemplate.Text(key["copy"]?["count"]));
        Assert.Equal(["Predict", "Upload", "Prediction"], DemoKeys.DefaultValue("demoFunctionNames")!.AsArray().Select(ArmTemplate.Text));
        Assert.Empty(DemoKeys.ResourcesOfType("Microsoft.Web/sites/host/functionKeys"));
        Assert.Empty(DemoKeys.ResourcesOfType("Microsoft.Web/sites/host/systemKeys"));
    }

    [Fact]
    public void Its_value_is_generated_as_a_secure_parameter_and_never_an_output()
    {
        var value = DemoKeys.Parameters["demoKeyValue"]!;
        Assert.Equal("securestring", ArmTemplate.Text(value["type"]));
        Assert.Contains("newGuid()", ArmTemplate.Text(value["defaultValue"]), StringComparison.Ordinal);
        Assert.Equal("[parameters('demoKeyValue')]", ArmTemplate.Text(DemoKeys.SingleResource("Microsoft.Web/sites/functions/keys")["value"]));
        Assert.Empty(DemoKeys.Outputs);
    }
}
