using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Pipeline.Tests.Pipeline;

/// <summary>
/// Where the clients made from AzureWebJobsStorage point, in each of its forms. Making a client sends nothing,
/// so no account is needed; the Azurite-backed tests cover the connection-string form end to end.
/// </summary>
public sealed class StorageClientsTests
{
    private static ServiceProvider Clients(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorageClients(configuration).BuildServiceProvider();
    }

    [Fact]
    public void An_account_name_alone_means_the_accounts_public_service_addresses()
    {
        using var clients = Clients(("AzureWebJobsStorage:accountName", "pets"), ("AzureWebJobsStorage:credential", "managedidentity"), ("AzureWebJobsStorage:clientId", "00000000-0000-0000-0000-000000000001"));
        Assert.Equal("https://pets.blob.core.windows.net/", clients.GetRequiredService<BlobServiceClient>().Uri.AbsoluteUri);
        Assert.Equal("https://pets.table.core.windows.net/", clients.GetRequiredService<TableServiceClient>().Uri.AbsoluteUri);
        var section = StorageClients.Section(clients.GetRequiredService<IConfiguration>());
        var queue = StorageClients.Queue(section, StorageClients.Credential(clients, section), PoisonedUploads.QueueName);
        Assert.Equal($"https://pets.queue.core.windows.net/{PoisonedUploads.QueueName}", queue.Uri.AbsoluteUri);
    }

    [Fact]
    public void A_service_uri_wins_over_the_account_name()
    {
        using var clients = Clients(("AzureWebJobsStorage:accountName", "pets"), ("AzureWebJobsStorage:blobServiceUri", "https://blobs.example.net/pets"));
        Assert.Equal("https://blobs.example.net/pets/", clients.GetRequiredService<BlobServiceClient>().Uri.AbsoluteUri);
        Assert.Equal("https://pets.table.core.windows.net/", clients.GetRequiredService<TableServiceClient>().Uri.AbsoluteUri);
    }

    [Fact]
    public void A_connection_string_gives_its_own_endpoints()
    {
        const string connection = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:3/devstoreaccount1;";
        using var clients = Clients(("AzureWebJobsStorage", connection));
        Assert.Equal("http://127.0.0.1:1/devstoreaccount1", clients.GetRequiredService<BlobServiceClient>().Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("http://127.0.0.1:3/devstoreaccount1", clients.GetRequiredService<TableServiceClient>().Uri.AbsoluteUri.TrimEnd('/'));
    }

    [Fact]
    public void No_setting_is_a_storage_not_configured_fault_when_a_client_is_asked_for()
    {
        using var clients = Clients();
        Assert.Throws<StorageNotConfiguredException>(() => clients.GetRequiredService<BlobServiceClient>());
        Assert.Throws<StorageNotConfiguredException>(() => clients.GetRequiredService<TableServiceClient>());
    }
}
