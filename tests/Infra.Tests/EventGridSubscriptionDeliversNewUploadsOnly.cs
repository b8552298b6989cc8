using System.Text.Json.Nodes;

namespace Infra.Tests;

/// <summary>
/// Flex Consumption runs blob triggers from Event Grid only: the storage account's system topic
/// (phase one) and a subscription to the blob extension's webhook (phase three, eventgrid.bicep).
/// </summary>
public class EventGridSubscriptionDeliversNewUploadsOnly
{
    private const string SubscriptionType = "Microsoft.EventGrid/systemTopics/eventSubscriptions";

    private static JsonObject Subscription => CompiledTemplates.EventGrid.SingleResource(SubscriptionType);

    [Fact]
    public void Only_blob_created_events_are_delivered()
    {
        var types = Subscription["properties"]?["filter"]?["includedEventTypes"]?.AsArray()
            .Select(ArmTemplate.Text);

        Assert.Equal(["Microsoft.Storage.BlobCreated"], types);
    }

    [Fact]
    public void Only_blobs_in_the_uploads_container_are_delivered()
    {
        var filter = Subscription["properties"]?["filter"];

        Assert.Equal("/blobServices/default/containers/uploads/", ArmTemplate.Text(filter?["subjectBeginsWith"]));
        Assert.Null(filter?["subjectEndsWith"]);
    }

    [Fact]
    public void Events_go_to_the_blob_extension_webhook_of_ClassifyUpload()
    {
        var destination = Subscription["properties"]?["destination"];
        var url = ArmTemplate.Text(destination?["properties"]?["endpointUrl"]) ?? "";

        Assert.Equal("WebHook", ArmTemplate.Text(destination?["endpointType"]));
        Assert.StartsWith("[format('https://{0}/runtime/webhooks/blobs?functionName=Host.Functions.ClassifyUpload&code={", url,
            StringComparison.Ordinal);
    }

    [Fact]
    public void The_webhook_key_is_the_hosts_blobs_extension_key_read_at_deployment_time()
    {
        var url = ArmTemplate.Text(Subscription["properties"]?["destination"]?["properties"]?["endpointUrl"]) ?? "";

        Assert.Contains(
            "listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', parameters('functionAppName'))), '2025-03-01').systemKeys.blobs_extension",
            url, StringComparison.Ordinal);
        Assert.DoesNotContain(CompiledTemplates.EventGrid.Parameters,
            parameter => parameter.Key.Contains("key", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_subscription_hangs_off_the_system_topic_created_with_the_infrastructure()
    {
        var topic = CompiledTemplates.Main.SingleResource("Microsoft.EventGrid/systemTopics");

        Assert.Equal("Microsoft.Storage.StorageAccounts", ArmTemplate.Text(topic["properties"]?["topicType"]));
        Assert.Contains("storage", ArmTemplate.Text(CompiledTemplates.Main.ModuleArgument("eventgrid-topic", "storageAccountId")),
            StringComparison.Ordinal);
        Assert.Equal("[format('{0}/{1}', parameters('systemTopicName'), 'classify-uploads')]", ArmTemplate.Text(Subscription["name"]));
    }

    [Fact]
    public void The_infrastructure_phase_does_not_create_the_subscription()
    {
        // It would fail: the webhook key exists only after the code is deployed.
        Assert.Empty(CompiledTemplates.Main.ResourcesOfType(SubscriptionType));
    }

    [Fact]
    public void Deliveries_are_retried_30_times_for_up_to_a_day()
    {
        var retry = Subscription["properties"]?["retryPolicy"];

        Assert.Equal(30, retry?["maxDeliveryAttempts"]?.GetValue<int>());
        Assert.Equal(1440, retry?["eventTimeToLiveInMinutes"]?.GetValue<int>());
    }

    [Fact]
    public void Events_that_exhaust_their_retries_go_to_the_deadletter_container_written_with_the_topics_identity()
    {
        var deadLetter = Subscription["properties"]?["deadLetterWithResourceIdentity"];
        var destination = deadLetter?["deadLetterDestination"];

        Assert.Equal("SystemAssigned", ArmTemplate.Text(deadLetter?["identity"]?["type"]));
        Assert.Equal("StorageBlob", ArmTemplate.Text(destination?["endpointType"]));
        Assert.Equal("[parameters('deadLetterContainerName')]", ArmTemplate.Text(destination?["properties"]?["blobContainerName"]));
        Assert.Equal("deadletter", ArmTemplate.Text(CompiledTemplates.EventGrid.DefaultValue("deadLetterContainerName")));
        // The storage account the events come from, not one named separately.
        Assert.Contains("systemTopics', parameters('systemTopicName')), '2025-02-15').source]",
            ArmTemplate.Text(destination?["properties"]?["resourceId"]), StringComparison.Ordinal);
        Assert.Null(Subscription["properties"]?["deadLetterDestination"]);
    }

    [Fact]
    public void The_topic_has_the_identity_that_writes_dead_letters()
    {
        var topic = CompiledTemplates.Main.SingleResource("Microsoft.EventGrid/systemTopics");

        Assert.Equal("SystemAssigned", ArmTemplate.Text(topic["identity"]?["type"]));
    }
}
