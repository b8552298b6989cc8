using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Classifier.Core.Inference;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Review;

/// <summary>
/// The review queue in Table storage: one entity per upload whose stored result is uncertain or out-of-domain.
/// PartitionKey = processing day + hash bucket of the name ("20261129-07"), so writes from many instances
/// spread over <see cref="Buckets"/> partitions a day and no partition grows for ever; RowKey = the name,
/// escaped. An item is found again from its result blob's processedAt (the day) and its name (the bucket).
/// While an item is pending, a copy of it also sits under <see cref="PendingPrefix"/> + its PartitionKey
/// ("pending-20261129-07"), removed when it is labelled: a page of pending items is a query over that key
/// range alone, which reads pending entities only, however many reviewed ones the table holds.
/// </summary>
public sealed class ReviewQueue(Func<TableServiceClient> tables)
{
    public const int Buckets = 16;
    public const int MaxTake = 200;

    /// <summary>Before the PartitionKey of a pending item's copy ('-' sorts before '.', digits before 'p').</summary>
    public const string PendingPrefix = "pending-";

    // The pending copies were added after items had been queued: the first pending list of a process makes
    // sure the items queued before have their copies (once per table; this marker says it was done).
    private const string IndexMarkerPartition = "pendingindex";
    private const string IndexMarkerRow = "v1";

    private static readonly string PendingRange = TableClient.CreateQueryFilter($"PartitionKey ge {PendingPrefix} and PartitionKey lt {"pending."}");
    private static readonly string ItemsRange = TableClient.CreateQueryFilter($"PartitionKey lt {PendingPrefix}");

    /// <summary>The items themselves (not their pending copies) in one review state.</summary>
    private static string ItemsIn(string state) => $"{ItemsRange} and {TableClient.CreateQueryFilter($"Review eq {state}")}";

    private readonly LazyTable _table = new(tables, TableAccount.ReviewTable);
    private readonly Lock _indexGate = new();
    private Task? _indexed;

    public ReviewQueue(TableServiceClient tables) : this(() => tables)
    {
    }

    public static bool BelongsInQueue(PredictionStatus status) => status is PredictionStatus.Uncertain or PredictionStatus.OutOfDomain;

    public static string PartitionKey(string name, DateTimeOffset processedAt)
    {
        // A stable hash (string.GetHashCode differs per process).
        var bucket = BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(name))) % Buckets;
        return $"{processedAt.UtcDateTime:yyyyMMdd}-{bucket:00}";
    }

    /// <summary>RowKey forbids / \ # ? and control characters; blob names may hold the first four.</summary>
    public static string RowKey(string name) => Uri.EscapeDataString(name);

    /// <summary>
    /// Puts a stored result in the queue (pending). Classified again (the blob trigger runs at least once),
    /// the model's fields are refreshed and a reviewer's label is kept.
    /// </summary>
    /// <param name="candidate">In shadow mode, the candidate's answer where it disagrees with the stored (live) one: the item is queued with the reason "disagreement" and both labels.</param>
    public async Task EnqueueAsync(string name, Prediction result, CancellationToken cancellation, Prediction? candidate = null)
    {
        var processedAt = result.ProcessedAt ?? throw new ArgumentException("a stored result has processedAt", nameof(result));
        var entity = new TableEntity(PartitionKey(name, processedAt), RowKey(name))
        {
            ["Name"] = name,
            ["Status"] = result.Status.JsonName(),
            ["Label"] = result.Label,
            ["Confidence"] = (double)result.Confidence,
            ["OodScore"] = result.OutOfDomain is { } ood ? ood.Score : null,
            ["OodThreshold"] = result.OutOfDomain is { } threshold ? threshold.Threshold : null,
            ["Predictions"] = ApiJson.Serialize(result.Predictions),
            ["ModelName"] = result.Model.Name,
            ["ModelVersion"] = result.Model.Version,
            ["ProcessedAt"] = processedAt,
        };
        if (candidate is not null)
        {
            entity["Reason"] = ReviewItem.Disagreement;
            entity["CandidateLabel"] = candidate.Label;
            entity["CandidateModel"] = $"{candidate.Model.Name}@{candidate.Model.Version}";
        }
        var table = await _table.GetAsync(cancellation);
        try
        {
            entity["Review"] = ReviewState.Pending;
            await table.AddEntityAsync(entity, cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            entity.Remove("Review"); // merge leaves the review fields as they are
            await table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellation);
            entity = (await table.GetEntityAsync<TableEntity>(entity.PartitionKey, entity.RowKey, cancellationToken: cancellation)).Value;
            if (entity.GetString("Review") != ReviewState.Pending)
                return; // labelled already: no pending copy
        }
        // After the item itself: a failure here is thrown, and the host's retry (EnsureQueuedAsync) writes it again.
        await table.UpsertEntityAsync(PendingCopy(entity), TableUpdateMode.Replace, cancellation);
    }

    /// <summary>The pending copy of an item: every field of it, under the pending key range.</summary>
    private static TableEntity PendingCopy(TableEntity item)
    {
        var copy = new TableEntity(PendingPrefix + item.PartitionKey, item.RowKey);
        foreach (var (key, value) in item)
        {
            if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                copy[key] = value;
        }
        return copy;
    }

    public async Task<ReviewItem?> FindAsync(string name, DateTimeOffset processedAt, CancellationToken cancellation)
    {
        var table = await _table.GetAsync(cancellation);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(name, processedAt), RowKey(name), cancellationToken: cancellation);
        return found.HasValue ? ToItem(found.Value!) : null;
    }

    /// <summary>Records a reviewer's label; the last one given wins, with its time.</summary>
    public async Task<ReviewItem?> LabelAsync(string name, DateTimeOffset processedAt, string label, DateTimeOffset now, CancellationToken cancellation)
    {
        var table = await _table.GetAsync(cancellation);
        var update = new TableEntity(PartitionKey(name, processedAt), RowKey(name))
        {
            ["Review"] = ReviewState.Reviewed,
            ["ReviewedLabel"] = label,
            ["ReviewedAt"] = now,
        };
        try
        {
            // Conditional on existence only: two reviewers at once, the later answer stands.
            await table.UpdateEntityAsync(update, ETag.All, TableUpdateMode.Merge, cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        // No longer pending. A failure here is thrown (503): the reviewer's retry labels again and removes it.
        try
        {
            await table.DeleteEntityAsync(PendingPrefix + update.PartitionKey, update.RowKey, ETag.All, cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
        }
        return await FindAsync(name, processedAt, cancellation);
    }

    /// <summary>
    /// Up to <paramref name="take"/> items in one review state, oldest day first, resuming from a continuation
    /// token. A filtered query may return short pages; it asks again until it has enough or the table ends.
    /// </summary>
    public async Task<ReviewPage> ListAsync(string state, int take, string? continuation, CancellationToken cancellation)
    {
        var table = await _table.GetAsync(cancellation);
        string filter;
        if (state == ReviewState.Pending)
        {
            await EnsureIndexedAsync(table, cancellation);
            filter = PendingRange; // the pending copies only: no reviewed entity is read
        }
        else
        {
            filter = ItemsIn(state);
        }
        var items = new List<ReviewItem>();
        var token = continuation;
        do
        {
            var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: take - items.Count, cancellationToken: cancellation)
                .AsPages(token, take - items.Count);
            await using var enumerator = pages.GetAsyncEnumerator(cancellation);
            if (!await enumerator.MoveNextAsync())
                break;
            items.AddRange(enumerator.Current.Values.Select(ToItem));
            token = enumerator.Current.ContinuationToken;
        }
        while (items.Count < take && token is not null);
        return new ReviewPage(items, token);
    }

    /// <summary>
    /// Gives every pending item queued before the pending copies existed its copy, once per table (a marker
    /// entity records it) and once per process at most: one scan of the table, then never again.
    /// </summary>
    private async Task EnsureIndexedAsync(TableClient table, CancellationToken cancellation)
    {
        Task indexed;
        lock (_indexGate)
            indexed = _indexed ??= IndexOlderItemsAsync(table);
        try
        {
            await indexed.WaitAsync(cancellation);
        }
        catch (Exception) when (!cancellation.IsCancellationRequested)
        {
            lock (_indexGate)
            {
                if (_indexed == indexed)
                    _indexed = null; // storage failed: the next list tries again
            }
            throw;
        }
    }

    private static async Task IndexOlderItemsAsync(TableClient table)
    {
        if ((await table.GetEntityIfExistsAsync<TableEntity>(IndexMarkerPartition, IndexMarkerRow)).HasValue)
            return;
        await foreach (var item in table.QueryAsync<TableEntity>(ItemsIn(ReviewState.Pending)))
            await table.UpsertEntityAsync(PendingCopy(item), TableUpdateMode.Replace);
        await table.UpsertEntityAsync(new TableEntity(IndexMarkerPartition, IndexMarkerRow));
    }

    /// <summary>Every reviewed item, page by page (the export).</summary>
    public async IAsyncEnumerable<ReviewItem> ReviewedAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellation)
    {
        var table = await _table.GetAsync(cancellation);
        await foreach (var entity in table.QueryAsync<TableEntity>(ItemsIn(ReviewState.Reviewed), cancellationToken: cancellation))
            yield return ToItem(entity);
    }

    private static ReviewItem ToItem(TableEntity entity) => new()
    {
        Name = entity.GetString("Name"),
        Status = JsonSerializer.Deserialize<PredictionStatus>($"\"{entity.GetString("Status")}\"", ApiJson.Options),
        Review = entity.GetString("Review") ?? ReviewState.Pending,
        Label = entity.GetString("Label"),
        Confidence = (float)(TableNumbers.Double(entity, "Confidence") ?? 0),
        OutOfDomain = TableNumbers.Double(entity, "OodScore") is { } score && TableNumbers.Double(entity, "OodThreshold") is { } threshold
            ? new OutOfDomainScore((float)score, (float)threshold)
            : null,
        Predictions = entity.GetString("Predictions") is { Length: > 0 } top
            ? JsonSerializer.Deserialize<List<LabelProbability>>(top, ApiJson.Options) ?? []
            : [],
        Model = new ModelInfo(entity.GetString("ModelName") ?? "", entity.GetString("ModelVersion") ?? ""),
        ProcessedAt = entity.GetDateTimeOffset("ProcessedAt") ?? default,
        ReviewedLabel = entity.GetString("ReviewedLabel"),
        ReviewedAt = entity.GetDateTimeOffset("ReviewedAt"),
        Reason = entity.GetString("Reason") ?? JsonSerializer.Deserialize<PredictionStatus>($"\"{entity.GetString("Status")}\"", ApiJson.Options).JsonName(),
        CandidateLabel = entity.GetString("CandidateLabel"),
        CandidateModel = entity.GetString("CandidateModel"),
    };
}
