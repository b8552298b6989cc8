using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Storage;

/// <summary>
/// Builds the blob client from the host's storage setting, the same one the blob trigger uses:
/// a connection string (Azurite, UseDevelopmentStorage=true) or, in Azure, the identity-based form
/// AzureWebJobsStorage__accountName / __blobServiceUri (__queueServiceUri for queues) with __credential and __clientId.
/// </summary>
public static class StorageAccount
{
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>
    /// Azure.Storage.Blobs 12.30 speaks a service version newer than Azurite 3.37 accepts; Azure itself
    /// serves this one too, so pin it everywhere rather than only when the endpoint looks local.
    /// </summary>
    public static BlobClientOptions ClientOptions() => new(BlobClientOptions.ServiceVersion.V2026_06_06);

    /// <summary>
    /// For clients a person waits on (the HTTP routes): one quick retry and a short network timeout, so an
    /// unreachable storage answers 503 in about two seconds instead of after the SDK's six patient retries.
    /// Background work keeps <see cref="ClientOptions"/>.
    /// </summary>
    public static BlobClientOptions RequestPathOptions() => RequestPathOptions(TimeSpan.FromSeconds(1));

    /// <summary>
    /// For storing an upload a person waits on: the same quick retry, but no short network timeout, since
    /// sending a 20 MB body can take longer than a second; the caller bounds the call with a deadline that
    /// grows with the body instead (<see cref="UploadDeadline"/>).
    /// </summary>
    public static BlobClientOptions UploadPathOptions() => RequestPathOptions(TimeSpan.FromSeconds(100));

    /// <summary>
    /// How long storing an upload may take, both tries together: 2.5 s (a hung storage still answers 503 within
    /// the 3 s the routes promise), plus 1 s for every 4 MB of body.
    /// </summary>
    public static TimeSpan UploadDeadline(long bytes) => TimeSpan.FromSeconds(2.5 + bytes / (4.0 * 1024 * 1024));

    private static BlobClientOptions RequestPathOptions(TimeSpan networkTimeout)
    {
        var options = ClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Mode = Azure.Core.RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = networkTimeout;
        return options;
    }

    /// <summary>True when the storage setting is there, as a connection string or in its identity-based form.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[SettingName]) || configuration.GetSection(SettingName).GetChildren().Any();

    public static BlobServiceClient Connect(IConfiguration configuration, AzureComponentFactory? identity = null, BlobClientOptions? options = null)
    {
        options ??= ClientOptions();
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new BlobServiceClient(connectionString, options);
        var (serviceUri, credential) = IdentityEndpoint(configuration, identity, "blob");
        return new BlobServiceClient(serviceUri, credential, options);
    }

    /// <summary>
    /// A client on one of the host's queues, with the host's own message encoding (base64, the queue trigger's
    /// default), so what it sends reads back through a queue trigger as the host's own messages do.
    /// </summary>
    public static QueueClient ConnectQueue(IConfiguration configuration, string queueName, AzureComponentFactory? identity = null)
    {
        var options = new QueueClientOptions(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 };
        var connectionString = configuration[SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new QueueClient(connectionString, queueName, options);
        var (serviceUri, credential) = IdentityEndpoint(configuration, identity, "queue");
        return new QueueClient(new Uri(serviceUri, queueName), credential, options);
    }

    /// <summary>The service endpoint (__blobServiceUri / __queueServiceUri, else the account's) and the identity's credential.</summary>
    private static (Uri Endpoint, Azure.Core.TokenCredential Credential) IdentityEndpoint(IConfiguration configuration, AzureComponentFactory? identity, string service)
    {
        var section = configuration.GetSection(SettingName);
        var serviceUri = section[$"{service}ServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri.EndsWith('/') ? uri : uri + "/")
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.{service}.core.windows.net/")
                : throw new StorageNotConfiguredException();
        if (identity is null)
            throw new InvalidOperationException("an identity-based storage connection needs Azure credentials (AddAzureClientsCore)");
        return (serviceUri, identity.CreateTokenCredential(section));
    }
}
