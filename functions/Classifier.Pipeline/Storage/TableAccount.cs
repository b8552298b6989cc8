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

/// <summary>Reading numbers back: the table service stores a whole double (30.0) as an Int32 unless it is told otherwise.</summary>
public static class TableNumbers
{
    public static double? Double(Azure.Data.Tables.TableEntity entity, string key) =>
        entity.TryGetValue(key, out var value) && value is not null ? Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public static long Long(Azure.Data.Tables.TableEntity entity, string key) =>
        entity.TryGetValue(key, out var value) && value is not null ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
}

/// <summary>
/// A table created on first use, once per process (Azurite starts empty; the Bicep creates them in Azure).
/// The service client too is made on first use: nothing about storage is paid before a prediction needs it.
/// </summary>
public sealed class LazyTable(Func<TableServiceClient> service, string name)
{
    private readonly Lazy<TableClient> _client = new(() => service().GetTableClient(name));
    private readonly Lock _gate = new();
    private Task? _created;

    public async Task<TableClient> GetAsync(CancellationToken cancellation)
    {
        Task created;
        lock (_gate)
            created = _created ??= _client.Value.CreateIfNotExistsAsync(CancellationToken.None);
        try
        {
            await created.WaitAsync(cancellation);
        }
        catch (Exception) when (!cancellation.IsCancellationRequested)
        {
            lock (_gate)
            {
                if (_created == created)
                    _created = null; // storage was down: try again next time
            }
            throw;
        }
        return _client.Value;
    }
}
