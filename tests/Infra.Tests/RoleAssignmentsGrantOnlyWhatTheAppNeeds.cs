using System.Text.RegularExpressions;

namespace Infra.Tests;

/// <summary>
/// Least privilege, checked by the built-in role definition ids: the app, the deploying user and the
/// Event Grid topic each get the data roles their work needs, on the narrowest scope, and no Owner role.
/// </summary>
public partial class RoleAssignmentsGrantOnlyWhatTheAppNeeds
{
    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly ArmTemplate Main = CompiledTemplates.Main;
    private static readonly ArmTemplate Roles = Main.Module("roles");

    private sealed record Assignment(string Role, string Principal, string Scope);

    private static IReadOnlyList<Assignment> Assignments =>
        Main.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Select(assignment => new Assignment(
                RoleGuid(ArmTemplate.Text(assignment["properties"]?["roleDefinitionId"]) ?? ""),
                ArmTemplate.Text(assignment["properties"]?["principalId"]) ?? "",
                ArmTemplate.Text(assignment["scope"]) ?? ""))
            .ToArray();

    [Fact]
    public void The_app_identity_gets_blob_queue_and_table_contributor_and_metrics_publisher_only()
    {
        var appRoles = RolesOf("[parameters('appPrincipalId')]");

        Assert.Equal(
            new[] { StorageBlobDataContributor, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher }
                .Order(StringComparer.Ordinal),
            appRoles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_one_is_made_owner_of_the_data()
    {
        Assert.DoesNotContain(Assignments, assignment => assignment.Role == StorageBlobDataOwner);
        Assert.All(Assignments, assignment => Assert.Matches(Guid(), assignment.Role));
    }

    [Fact]
    public void The_storage_roles_of_the_app_are_on_the_storage_account_and_the_publisher_role_on_application_insights()
    {
        var app = Assignments.Where(assignment => assignment.Principal == "[parameters('appPrincipalId')]").ToArray();

        Assert.All(app.Where(assignment => assignment.Role != MonitoringMetricsPublisher),
            assignment => Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]", assignment.Scope));
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]",
            Assert.Single(app, assignment => assignment.Role == MonitoringMetricsPublisher).Scope);
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
        Assert.Equal([StorageBlobDataContributor], RolesOf("[parameters('userPrincipalId')]"));
        Assert.Equal("[parameters('principalId')]", ArmTemplate.Text(Main.ModuleArgument("roles", "userPrincipalId")));
    }

    [Fact]
    public void The_event_grid_topic_may_write_to_the_dead_letter_container_only()
    {
        var topic = Assert.Single(Assignments, assignment => assignment.Principal == "[parameters('topicPrincipalId')]");

        Assert.Equal(StorageBlobDataContributor, topic.Role);
        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('deadLetterContainerName'))]",
            topic.Scope);
        Assert.Equal("[variables('deadLetterContainer')]", ArmTemplate.Text(Main.ModuleArgument("roles", "deadLetterContainerName")));
        Assert.EndsWith(".outputs.principalId.value]", ArmTemplate.Text(Main.ModuleArgument("roles", "topicPrincipalId")), StringComparison.Ordinal);
        Assert.Contains("'eventgrid-topic')", ArmTemplate.Text(Main.ModuleArgument("roles", "topicPrincipalId")), StringComparison.Ordinal);
    }

    [Fact]
    public void No_other_role_is_assigned_to_anyone()
    {
        Assert.Equal(6, Assignments.Count);
    }

    private static string[] RolesOf(string principal) =>
        Assignments.Where(assignment => assignment.Principal == principal).Select(assignment => assignment.Role).ToArray();

    /// <summary>The role definition GUID, whether written as a literal or through one of roles.bicep's variables.</summary>
    private static string RoleGuid(string roleDefinitionId)
    {
        const string prefix = "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ";
        Assert.StartsWith(prefix, roleDefinitionId, StringComparison.Ordinal);
        var argument = roleDefinitionId[prefix.Length..^2];
        return Roles.Resolve(argument.StartsWith("variables(", StringComparison.Ordinal) ? $"[{argument}]" : argument)?.Trim('\'') ?? "";
    }

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Guid();
}
