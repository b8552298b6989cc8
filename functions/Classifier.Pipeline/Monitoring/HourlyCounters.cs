using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Classifier.Core.Inference;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Monitoring;

/// <summary>
/// Prediction counters per hour and model version in Table storage, one write per prediction at most.
/// Each process writes its own shard: PartitionKey = hour + shard ("2026112914-3f9a0c1d2e4b"), RowKey =
/// the model; so instances never contend for one entity, and /api/stats sums the shards of an hour.
/// Within a process, concurrent predictions are coalesced: while one write is in flight the next deltas
/// pile up and go in the following write. Writes are conditional on the entity's ETag (optimistic
/// concurrency); a conflict re-reads and tries again. With no storage configured (<c>tables</c> null: the local
/// runner's bench) nothing is counted and nothing is read.
/// </summary>
public sealed class HourlyCounters(Func<TableServiceClient>? tables, TimeProvider clock)
{
    private const int MaxConflictRetries = 5;

    private readonly LazyTable? _table = tables is null ? null : new(tables, TableAccount.CounterTable);
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Hour, ModelInfo Model), CounterDelta> _pending = [];
    private readonly Dictionary<(string Hour, ModelInfo Model), (CounterDelta Totals, ETag ETag)> _known = [];
    private int _flushQueued; // 1 while a background flush is queued but has not yet taken its batch

    /// <summary>This process's shard: unique per process start, so two hosts in one process do not share it either.</summary>
    public string Shard { get; } = Guid.NewGuid().ToString("N")[..12];

    public HourlyCounters(TableServiceClient tables, TimeProvider clock) : this(() => tables, clock)
    {
    }

    /// <summary>False when there is no storage to count in: every count is dropped, and reads find none.</summary>
    public bool Enabled => _table is not null;

    public static string HourKey(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>Adds one prediction; returns once it is stored (by this call or by a concurrent one that took it along).</summary>
    public async Task RecordAsync(Prediction prediction, CancellationToken cancellation)
    {
        if (!Enabled)
            return;
        AddPending(prediction);
        await FlushAsync(cancellation);
    }

    /// <summary>
    /// Adds one prediction without waiting for storage (the request path: a storage outage must not hold up
    /// a prediction). At most one flush runs and one waits; a waiting flush takes every later count along,
    /// and counts that could not be written stay pending for the next one.
    /// </summary>
    public void Add(Prediction prediction, Action<Exception> onFailure)
    {
        if (!Enabled)
            return;
        AddPending(prediction);
        if (Interlocked.Exchange(ref _flushQueued, 1) == 1)
            return;
        _ = Task.Run(async () =>
        {
            Volatile.Write(ref _flushQueued, 0); // counts added from here on queue the next flush
            try
            {
                await FlushAsync(CancellationToken.None);
            }
            catch (Exception e)
            {
                onFailure(e);
            }
        });
    }

    private void AddPending(Prediction prediction)
    {
        var key = (HourKey(clock.GetUtcNow()), prediction.Model);
        lock (_gate)
        {
            if (_pending.TryGetValue(key, out var pending))
                pending.Add(CounterDelta.Of(prediction));
            else
                _pending[key] = CounterDelta.Of(prediction);
        }
    }

    /// <summary>Writes what is pending (readers call it first, so this process's own latest counts are in).</summary>
    public async Task FlushAsync(CancellationToken cancellation)
    {
        if (!Enabled)
            return;
        await _writer.WaitAsync(cancellation);
        try
        {
            List<KeyValuePair<(string Hour, ModelInfo Model), CounterDelta>> batch;
            lock (_gate)
            {
                batch = [.. _pending];
                _pending.Clear();
            }
            for (var i = 0; i < batch.Count; i++)
            {
                try
                {
                    await WriteAsync(batch[i].Key, batch[i].Value, cancellation);
                }
                catch
                {
                    KeepForNextWrite(batch.Skip(i)); // the one that failed and every one after it
                    throw;
                }
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    private void KeepForNextWrite(IEnumerable<KeyValuePair<(string Hour, ModelInfo Model), CounterDelta>> unwritten)
    {
        lock (_gate)
        {
            foreach (var (key, delta) in unwritten)
            {
                if (_pending.TryGetValue(key, out var later))
                    later.Add(delta);
                else
                    _pending[key] = delta;
            }
        }
    }

    private async Task WriteAsync((string Hour, ModelInfo Model) key, CounterDelta delta, CancellationToken cancellation)
    {
        var table = await _table!.GetAsync(cancellation);
        var partition = $"{key.Hour}-{Shard}";
        var row = RowKey(key.Model);
        for (var attempt = 0; ; attempt++)
        {
            if (!_known.TryGetValue(key, out var known))
            {
                var existing = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellation);
                known = existing.HasValue ? (FromEntity(existing.Value!), existing.Value!.ETag) : (new CounterDelta(), default);
            }
            var totals = known.Totals.Copy();
            totals.Add(delta);
            var entity = ToEntity(partition, row, key.Hour, key.Model, totals);
            try
            {
                var response = known.ETag == default
                    ? await table.AddEntityAsync(entity, cancellation)
                    : await table.UpdateEntityAsync(entity, known.ETag, TableUpdateMode.Replace, cancellation);
                _known[key] = (totals, response.Headers.ETag ?? default);
                ForgetOldHours(key.Hour);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                _known.Remove(key); // someone else wrote it: read it again
            }
        }
    }

    /// <summary>Only the current hour is ever written again; the cache keeps nothing older.</summary>
    private void ForgetOldHours(string currentHour)
    {
        foreach (var old in _known.Keys.Where(k => string.CompareOrdinal(k.Hour, currentHour) < 0).ToList())
            _known.Remove(old);
    }

    /// <summary>Every shard's counts from the hour starting at <paramref name="from"/> up to (not including) <paramref name="to"/>.</summary>
    public async Task<List<HourCount>> ReadAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellation)
    {
        if (!Enabled)
            return [];
        await FlushAsync(cancellation);
        var table = await _table!.GetAsync(cancellation);
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {HourKey(from)} and PartitionKey lt {HourKey(to)}");
        var counts = new List<HourCount>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellation))
        {
            var hour = DateTime.ParseExact(entity.GetString("Hour"), "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            counts.Add(new HourCount(new DateTimeOffset(hour, TimeSpan.Zero),
                new ModelInfo(entity.GetString("ModelName") ?? "", entity.GetString("ModelVersion") ?? ""), FromEntity(entity)));
        }
        return counts;
    }

    private static string RowKey(ModelInfo model) => Uri.EscapeDataString($"{model.Name}|{model.Version}");

    private static TableEntity ToEntity(string partition, string row, string hour, ModelInfo model, CounterDelta totals) => new(partition, row)
    {
        ["Hour"] = hour,
        ["ModelName"] = model.Name,
        ["ModelVersion"] = model.Version,
        ["Total"] = totals.Total,
        ["Classified"] = totals.Classified,
        ["ConfidenceSum"] = totals.ConfidenceSum,
        // Labels and statuses vary by model; as JSON they need no column per name.
        ["Statuses"] = JsonSerializer.Serialize(totals.Statuses),
        ["Labels"] = JsonSerializer.Serialize(totals.Labels),
    };

    private static CounterDelta FromEntity(TableEntity entity) => new()
    {
        Total = TableNumbers.Long(entity, "Total"),
        Classified = TableNumbers.Long(entity, "Classified"),
        ConfidenceSum = TableNumbers.Double(entity, "ConfidenceSum") ?? 0,
        Statuses = JsonSerializer.Deserialize<Dictionary<string, long>>(entity.GetString("Statuses") ?? "{}") ?? [],
        Labels = JsonSerializer.Deserialize<Dictionary<string, long>>(entity.GetString("Labels") ?? "{}") ?? [],
    };
}
