using System.Text.RegularExpressions;

namespace Infra.Tests;

public partial class StorageAccountAcceptsIdentitiesOnly
{
    private static readonly ArmTemplate Main = CompiledTemplates.Main;

    [Fact]
    public void Shared_keys_and_anonymous_reads_are_off_and_tls_1_2_https_is_required()
    {
        var properties = Main.SingleResource("Microsoft.Storage/storageAccounts")["properties"];

        Assert.False(properties?["allowSharedKeyAccess"]?.GetValue<bool>());
        Assert.False(properties?["allowBlobPublicAccess"]?.GetValue<bool>());
        Assert.Equal("TLS1_2", ArmTemplate.Text(properties?["minimumTlsVersion"]));
        Assert.True(properties?["supportsHttpsTrafficOnly"]?.GetValue<bool>());
    }

    [Fact]
    public void Uploads_predictions_models_dead_letters_and_the_package_container_are_created_private()
    {
        var names = Main.ModuleArgument("storage", "containerNames")?.AsArray()
            .Select(Main.Resolve).ToArray() ?? [];
        var container = Main.SingleResource("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal(new string?[] { "uploads", "predictions", "models", "deadletter" }, names.Take(4));
        Assert.StartsWith("[format('app-package-{0}', take(variables('resourceToken'), 7))]", names[4], StringComparison.Ordinal);
        Assert.Equal("None", ArmTemplate.Text(container["properties"]?["publicAccess"]));
    }

    [Fact]
    public void The_infrastructure_never_lists_keys_or_builds_a_key_connection_string()
    {
        var main = CompiledTemplates.Main.Root.ToJsonString();

        Assert.DoesNotMatch(ListFunction(), main);
        foreach (var json in new[] { main, CompiledTemplates.EventGrid.Root.ToJsonString() })
        {
            Assert.DoesNotContain("AccountKey", json, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", json, StringComparison.OrdinalIgnoreCase);
        }
    }

    // listKeys, listAccountSas, listServiceSas, listSecrets...
    [GeneratedRegex(@"\blist[A-Za-z]*\(")]
    private static partial Regex ListFunction();
}
