using Azure.Core;
using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Storage;

/// <summary>
/// The table side of the same storage account the blobs live in, from the same AzureWebJobsStorage setting:
/// a connection string (Azurite), or in Azure the identity-based form (__accountName or __tableServiceUri
/// with __credential and __clientId).
/// </summary>
public static class TableAccount
{
    public const string ReviewTable = "reviews";
    public const string CounterTable = "counters";

    /// <summary>
    /// A short retry budget: the review and stats routes answer people, and the blob step is retried by its
    /// host anyway. The SDK's default (six tries, exponential) leaves a request hanging for 20+ seconds.
    /// </summary>
    public static TableClientOptions ClientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }

    public static TableServiceClient Connect(IConfiguration configuration, AzureComponentFactory? identity = null)
    {
        var connectionString = configuration[StorageAccount.SettingName];
        if (!string.IsNullOrWhiteSpace(connectionString))
            return new TableServiceClient(connectionString, ClientOptions());

        var section = configuration.GetSection(StorageAccount.SettingName);
        var serviceUri = section["tableServiceUri"] is { Length: > 0 } uri
            ? new Uri(uri)
            : section["accountName"] is { Length: > 0 } account
                ? new Uri($"https://{account}.table.core.windows.net")
                : throw new StorageNotConfiguredException();
        if (identity is null)
            throw new InvalidOperationException("an identity-based storage connection needs Azure credentials (AddAzureClientsCore)");
        return new TableServiceClient(serviceUri, identity.CreateTokenCredential(section), ClientOptions());
    }
}
