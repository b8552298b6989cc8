using System.Text.Json.Nodes;

namespace Infra.Tests;

/// <summary>
/// Anonymous callers can fill uploads/ and predictions/ while the demo is open: a lifecycle rule deletes
/// what is older than the retention parameter (30 days unless set), and touches no other container.
/// </summary>
public class StorageExpiresAnonymousUploads
{
    private static readonly ArmTemplate Main = CompiledTemplates.Main;

    private static JsonObject Rule =>
        Assert.Single(Main.SingleResource("Microsoft.Storage/storageAccounts/managementPolicies")["properties"]!["policy"]!["rules"]!.AsArray())!.AsObject();

    [Fact]
    public void One_enabled_rule_deletes_block_blobs_after_the_retention_parameter()
    {
        Assert.True(Rule["enabled"]!.GetValue<bool>());
        Assert.Equal("Lifecycle", ArmTemplate.Text(Rule["type"]));
        Assert.Equal(["blockBlob"], Rule["definition"]!["filters"]!["blobTypes"]!.AsArray().Select(ArmTemplate.Text));
        Assert.Equal("[parameters('retentionDays')]",
            ArmTemplate.Text(Rule["definition"]!["actions"]!["baseBlob"]!["delete"]!["daysAfterModificationGreaterThan"]));
        Assert.Equal("[parameters('retentionDays')]", ArmTemplate.Text(Main.ModuleArgument("storage", "retentionDays")));
        Assert.Equal(30, Main.DefaultValue("retentionDays")!.GetValue<int>());
    }

    [Fact]
    public void It_covers_uploads_and_predictions_and_nothing_else()
    {
        Assert.Equal("[parameters('expiringPrefixes')]", ArmTemplate.Text(Rule["definition"]!["filters"]!["prefixMatch"]));
        var prefixes = Main.ModuleArgument("storage", "expiringPrefixes")!.AsArray().Select(ArmTemplate.Text);
        Assert.Equal(["[format('{0}/', variables('uploadsContainer'))]", "[format('{0}/', variables('predictionsContainer'))]"], prefixes);
        Assert.Equal("uploads", ArmTemplate.Text(Main.Root["variables"]!["uploadsContainer"]));
        Assert.Equal("predictions", ArmTemplate.Text(Main.Root["variables"]!["predictionsContainer"]));
    }
}
