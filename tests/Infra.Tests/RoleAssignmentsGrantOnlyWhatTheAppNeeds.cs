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
    private const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    private static readonly ArmTemplate Main = CompiledTemplates.Main;
    private static readonly ArmTemplate Roles = Main.Module("roles");

    private const string Account = "[resourceId('Microsoft.Storage/storageAccounts', parameters('storageAccountName'))]";

    /// <summary>One role assignment; Copy names the module parameter it is repeated over (one per container or table), if any.</summary>
    private sealed record Assignment(string Role, string Principal, string Scope, string? Copy);

    private static IReadOnlyList<Assignment> Assignments =>
        Main.ResourcesOfType("Microsoft.Authorization/roleAssignments")
            .Select(assignment => new Assignment(
                RoleGuid(ArmTemplate.Text(assignment["properties"]?["roleDefinitionId"]) ?? ""),
                ArmTemplate.Text(assignment["properties"]?["principalId"]) ?? "",
                ArmTemplate.Text(assignment["scope"]) ?? "",
                CopyParameter().Match(ArmTemplate.Text(assignment["copy"]?["count"]) ?? "") is { Success: true } copy ? copy.Groups[1].Value : null))
            .ToArray();

    private static Assignment[] AppAssignments => Assignments.Where(assignment => assignment.Principal == "[parameters('appPrincipalId')]").ToArray();

    [Fact]
    public void The_app_identity_gets_blob_queue_and_table_roles_and_metrics_publisher_only()
    {
        var appRoles = RolesOf("[parameters('appPrincipalId')]");

        Assert.Equal(
            new[] { StorageBlobDataContributor, StorageBlobDataReader, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher }
                .Order(StringComparer.Ordinal),
            appRoles.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_app_writes_blobs_only_in_uploads_predictions_the_package_and_the_hosts_own_containers()
    {
        var writer = Assert.Single(AppAssignments, assignment => assignment.Role == StorageBlobDataContributor);
        Assert.Equal("appWritableContainerNames", writer.Copy);
        Assert.Equal(ContainerScope("appWritableContainerNames"), writer.Scope);

        Assert.Equal(["uploads", "predictions", "[format('app-package-{0}', take(variables('resourceToken'), 7))]", "azure-webjobs-hosts", "azure-webjobs-secrets"],
            ContainerList("roles", "appWritableContainerNames"));
    }

    [Fact]
    public void The_app_only_reads_the_model()
    {
        var reader = Assert.Single(AppAssignments, assignment => assignment.Role == StorageBlobDataReader);
        Assert.Equal(ContainerScope("appReadableContainerNames"), reader.Scope);
        Assert.Equal(["models"], ContainerList("roles", "appReadableContainerNames"));
    }

    [Fact]
    public void The_app_reaches_its_own_tables_only()
    {
        var tables = Assert.Single(AppAssignments, assignment => assignment.Role == StorageTableDataContributor);
        Assert.Equal(
            "[resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', parameters('storageAccountName'), 'default', parameters('appTableNames')[copyIndex()])]",
            tables.Scope);
        Assert.Equal("[variables('appTables')]", ArmTemplate.Text(Main.ModuleArgument("roles", "appTableNames")));
        // The names TableAccount uses in the code, and the tables the storage module creates (a scope must exist).
        Assert.Equal(["reviews", "counters", "deployment", "comparisons"],
            Main.Root["variables"]!["appTables"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal("[variables('appTables')]", ArmTemplate.Text(Main.ModuleArgument("storage", "tableNames")));
    }

    [Fact]
    public void Every_container_a_role_is_scoped_to_is_created_by_the_storage_module()
    {
        var created = ContainerList("storage", "containerNames");
        Assert.Subset(created.ToHashSet(), ContainerList("roles", "appWritableContainerNames").ToHashSet());
        Assert.Subset(created.ToHashSet(), ContainerList("roles", "appReadableContainerNames").ToHashSet());
        Assert.Contains("deadletter", created);
    }

    /// <summary>A module's list of container names, each variable replaced by its literal where it has one.</summary>
    private static string[] ContainerList(string module, string parameter) =>
        Main.ModuleArgument(module, parameter)!.AsArray().Select(name => Main.Resolve(name) ?? "").ToArray();

    [Fact]
    public void No_one_is_made_owner_of_the_data()
    {
        Assert.DoesNotContain(Assignments, assignment => assignment.Role == StorageBlobDataOwner);
        Assert.All(Assignments, assignment => Assert.Matches(Guid(), assignment.Role));
    }

    [Fact]
    public void Only_the_queue_role_of_the_app_covers_the_account_and_the_publisher_role_is_on_application_insights()
    {
        Assert.Equal(StorageQueueDataContributor, Assert.Single(AppAssignments, assignment => assignment.Scope == Account).Role);
        Assert.Equal("[resourceId('Microsoft.Insights/components', parameters('appInsightsName'))]",
            Assert.Single(AppAssignments, assignment => assignment.Role == MonitoringMetricsPublisher).Scope);
    }

    [Fact]
    public void The_app_identity_is_the_user_assigned_identity()
    {
        var principal = ArmTemplate.Text(Main.ModuleArgument("roles", "appPrincipalId")) ?? "";

        Assert.Contains("'Microsoft.Resources/deployments', 'identity')", principal, StringComparison.Ordinal);
        Assert.EndsWith(".outputs.principalId.value]", principal, StringComparison.Ordinal);
    }

    [Fact]
    public void The_deploying_user_may_read_and_write_blobs_and_the_apps_tables_and_nothing_else()
    {
        const string user = "[parameters('userPrincipalId')]";
        Assert.Equal(new[] { StorageBlobDataContributor, StorageTableDataContributor }.Order(), RolesOf(user).Order());
        Assert.Equal("[parameters('principalId')]", ArmTemplate.Text(Main.ModuleArgument("roles", "userPrincipalId")));
        // classifier publish writes models/ with the operator's own credential (the app only reads it) ...
        Assert.Equal(Account, Assignments.Single(a => a.Principal == user && a.Role == StorageBlobDataContributor).Scope);
        // ... and export-reviews and rollout read and write the app's tables, each on its own, never the account's.
        var tables = Assignments.Single(a => a.Principal == user && a.Role == StorageTableDataContributor);
        Assert.Equal("appTableNames", tables.Copy);
        Assert.Equal(AppAssignments.Single(a => a.Role == StorageTableDataContributor).Scope, tables.Scope);
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
        // The app's five (three repeated per container or table), the user's two (one per table) and the topic's one.
        Assert.Equal(8, Assignments.Count);
    }

    private static string ContainerScope(string parameter) =>
        $"[resourceId('Microsoft.Storage/storageAccounts/blobServices/containers', parameters('storageAccountName'), 'default', parameters('{parameter}')[copyIndex()])]";

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

    [GeneratedRegex(@"^\[length\(parameters\('(\w+)'\)\)\]$")]
    private static partial Regex CopyParameter();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
    private static partial Regex Guid();
}
