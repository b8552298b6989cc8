using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Classifier.Pipeline.Storage;

/// <summary>
/// The one place the account's clients are made, from the host's AzureWebJobsStorage setting (the one the blob
/// trigger uses): a connection string (Azurite, UseDevelopmentStorage=true) or, in Azure, the identity-based
/// form with __credential and __clientId and either __blobServiceUri / __queueServiceUri / __tableServiceUri
/// or just __accountName, which Microsoft.Extensions.Azure does not turn into service addresses itself.
/// </summary>
public static class StorageClients
{
    /// <summary>
    /// The blob and table service clients through Microsoft.Extensions.Azure, with the identity's credential
    /// from the setting (DefaultAzureCredential when it names none). Each is made on first use, so a host
    /// without storage (the runner's bench) starts.
    /// </summary>
    public static IServiceCollection AddStorageClients(this IServiceCollection services, IConfiguration configuration)
    {
        var section = Section(configuration);
        services.AddAzureClients(clients =>
        {
            // Per client, not UseCredential: the component factory falls back to the global credential, which would then call itself.
            // The framework's options are left aside: the pinned service version is a constructor argument (StorageAccount.ClientOptions).
            clients.AddClient<BlobServiceClient, BlobClientOptions>((_, credential) => Blob(section, credential, StorageAccount.ClientOptions()))
                .WithCredential(provider => Credential(provider, section));
            clients.AddClient<TableServiceClient, TableClientOptions>((_, credential) => Table(section, credential))
                .WithCredential(provider => Credential(provider, section));
        });
        return services;
    }

    public static IConfigurationSection Section(IConfiguration configuration) => configuration.GetSection(StorageAccount.SettingName);

    /// <summary>The identity's credential for <paramref name="section"/> (used only when it is not a connection string).</summary>
    public static TokenCredential Credential(IServiceProvider provider, IConfigurationSection section) =>
        provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(section);

    public static BlobServiceClient Blob(IConfigurationSection section, TokenCredential credential, BlobClientOptions options) =>
        ConnectionString(section) is { } connection ? Readable(() => new BlobServiceClient(connection, options)) : new BlobServiceClient(ServiceUri(section, "blob"), credential, options);

    public static TableServiceClient Table(IConfigurationSection section, TokenCredential credential) =>
        ConnectionString(section) is { } connection ? Readable(() => new TableServiceClient(connection, TableAccount.ClientOptions()))
        : new TableServiceClient(ServiceUri(section, "table"), credential, TableAccount.ClientOptions());

    /// <summary>
    /// A client on one of the host's queues, with the host's own message encoding (base64, the queue trigger's
    /// default), so what it sends reads back through a queue trigger as the host's own messages do.
    /// </summary>
    public static QueueClient Queue(IConfigurationSection section, TokenCredential credential, string queueName)
    {
        var options = QueueOptions();
        return ConnectionString(section) is { } connection ? Readable(() => new QueueClient(connection, queueName, options))
            : new QueueClient(new Uri(ServiceUri(section, "queue"), queueName), credential, options);
    }

    /// <summary>The queue clients' options: the pinned service version and the host's base64 message encoding.</summary>
    public static QueueClientOptions QueueOptions() =>
        new(QueueClientOptions.ServiceVersion.V2026_06_06) { MessageEncoding = QueueMessageEncoding.Base64 };

    /// <summary>A client from the connection string, or the setting named when the SDK cannot parse the string.</summary>
    private static T Readable<T>(Func<T> make)
    {
        try
        {
            return make();
        }
        catch (FormatException e)
        {
            throw new StorageSettingException(e.Message);
        }
    }

    private static string? ConnectionString(IConfigurationSection section) => string.IsNullOrWhiteSpace(section.Value) ? null : section.Value;

    /// <summary>The service's address: __{service}ServiceUri, else the account's public one; neither means no storage is configured.</summary>
    private static Uri ServiceUri(IConfigurationSection section, string service) =>
        section[$"{service}ServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri.EndsWith('/') || service == "table" ? uri : uri + "/")
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.{service}.core.windows.net/")
                : throw new StorageNotConfiguredException();
}
