namespace Infra.Tests;

public class RoleAssignmentsGrantOnlyWhatTheAppNeeds
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";

    private static readonly ArmTemplate Main = CompiledTemplates.Main;

    private static IReadOnlyList<(string Role, string Principal)> Assignments =>
        Main.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Select(assignment => (
                Role: ArmTemplate.Text(assignment["properties"]?["roleDefinitionId"]) ?? "",
                Principal: ArmTemplate.Text(assignment["properties"]?["principalId"]) ?? ""))
            .ToArray();

    [Fact]
    public void The_app_identity_gets_blob_owner_queue_and_table_contributor_and_metrics_publisher_only()
    {
        var appRoles = Assignments.Where(assignment => assignment.Principal == "[parameters('appPrincipalId')]")
            .Select(assignment => RoleGuid(assignment.Role))
            .Order(StringComparer.Ordinal);

        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher }.Order(StringComparer.Ordinal),
            appRoles);
    }

    [Fact]
    public void The_app_identity_is_the_user_assigned_identity()
    {
        var principal = ArmTemplate.Text(Main.ModuleArgument("roles", "appPrincipalId")) ?? "";

        Assert.Contains("'Microsoft.Resources/deployments', 'identity')", principal, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.principalId.value]", principal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deploying_user_may_read_and_write_blobs_and_nothing_else()
    {
        var userRoles = Assignments.Where(assignment => assignment.Principal == "[parameters('userPrincipalId')]")
            .Select(assignment => RoleGuid(assignment.Role));

        Assert.Equal([StorageBlobDataContributor], userRoles);
        Assert.Equal("[parameters('principalId')]", ArmTemplate.Text(Main.ModuleArgument("roles", "userPrincipalId")));
    }

    [Fact]
    public void No_other_role_is_assigned_to_anyone()
    {
        Assert.Equal(5, Assignments.Count);
    }

    private static string RoleGuid(string roleDefinitionId)
    {
        const string prefix = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '";
        Assert.StartsWith(prefix, roleDefinitionId, StringComparison.Ordinal);
        return roleDefinitionId[prefix.Length..].TrimEnd(']', ')', '\'');
    }
}
