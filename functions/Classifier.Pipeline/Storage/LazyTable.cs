using Azure.Data.Tables;

namespace Classifier.Pipeline.Storage;

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
