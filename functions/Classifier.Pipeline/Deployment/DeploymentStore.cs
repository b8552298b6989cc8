using Azure;
using Azure.Data.Tables;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Storage;

namespace Classifier.Pipeline.Deployment;

/// <summary>
/// The deployment record in Table storage: one entity (PartitionKey "app", RowKey "current"), replaced only
/// with the ETag it was read with, so two operators changing it at once cannot both win. Each change also
/// leaves a row under PartitionKey "history", which the monitor marks on its time axis.
/// </summary>
public sealed class DeploymentStore(LazyTable table)
{
    public const string TableName = "deployment";
    private const string RecordPartition = "app", RecordRow = "current", HistoryPartition = "history";

    /// <summary>The stored record, or null when the app has none yet (it serves its model source's version alone).</summary>
    public async Task<DeploymentRecord?> ReadAsync(CancellationToken cancellation)
    {
        var client = await table.GetAsync(cancellation);
        var found = await client.GetEntityIfExistsAsync<TableEntity>(RecordPartition, RecordRow, cancellationToken: cancellation);
        return found.HasValue && found.Value is { } entity ? FromEntity(entity) : null;
    }

    /// <summary>Stores the record if the stored one still has <paramref name="expectedETag"/> (empty: none stored); false when another change won.</summary>
    public async Task<bool> TryWriteAsync(DeploymentRecord record, string expectedETag, CancellationToken cancellation)
    {
        var client = await table.GetAsync(cancellation);
        var entity = ToEntity(record);
        try
        {
            if (expectedETag.Length == 0)
                await client.AddEntityAsync(entity, cancellation);
            else
                await client.UpdateEntityAsync(entity, new ETag(expectedETag), TableUpdateMode.Replace, cancellation);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false;
        }
        try
        {
            var mark = new TableEntity(HistoryPartition, (DateTimeOffset.MaxValue.UtcTicks - record.UpdatedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture))
            {
                ["Action"] = record.LastAction,
                ["Live"] = record.Live.ToString(),
                ["Candidate"] = record.Candidate?.ToString(),
                ["ChangedBy"] = record.ChangedBy,
                ["Forced"] = record.Forced,
                ["At"] = record.UpdatedAt,
            };
            await client.UpsertEntityAsync(mark, TableUpdateMode.Replace, cancellation);
        }
        catch (RequestFailedException)
        {
            // The record is what counts; a lost history mark only leaves the monitor's axis unmarked.
        }
        return true;
    }

    /// <summary>The changes (newest first) since <paramref name="from"/>: what the monitor marks on its time axis.</summary>
    public async Task<IReadOnlyList<DeploymentMark>> HistoryAsync(DateTimeOffset from, CancellationToken cancellation)
    {
        var client = await table.GetAsync(cancellation);
        var marks = new List<DeploymentMark>();
        var upTo = (DateTimeOffset.MaxValue.UtcTicks - from.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
        await foreach (var row in client.QueryAsync<TableEntity>(e => e.PartitionKey == HistoryPartition && e.RowKey.CompareTo(upTo) <= 0, cancellationToken: cancellation))
        {
            marks.Add(new DeploymentMark(row.GetDateTimeOffset("At") ?? from, row.GetString("Action") ?? "", row.GetString("Live") ?? "",
                row.GetString("Candidate"), row.GetString("ChangedBy") ?? "", row.GetBoolean("Forced") ?? false));
        }
        return marks;
    }

    private static TableEntity ToEntity(DeploymentRecord record) => new(RecordPartition, RecordRow)
    {
        ["Live"] = record.Live.ToString(),
        ["Candidate"] = record.Candidate?.ToString(),
        ["Previous"] = record.Previous?.ToString(),
        ["Mode"] = record.Mode,
        ["CanaryPercent"] = record.CanaryPercent,
        ["ShadowShare"] = record.ShadowShare,
        ["ChangedBy"] = record.ChangedBy,
        ["UpdatedAt"] = record.UpdatedAt,
        ["LastAction"] = record.LastAction,
        ["Forced"] = record.Forced,
    };

    private static DeploymentRecord FromEntity(TableEntity entity) => new()
    {
        Live = ModelVersion.TryParse(entity.GetString("Live")) ?? ModelVersion.BuiltIn,
        Candidate = ModelVersion.TryParse(entity.GetString("Candidate")),
        Previous = ModelVersion.TryParse(entity.GetString("Previous")),
        Mode = entity.GetString("Mode") is { } mode && DeploymentMode.IsValid(mode) ? mode : DeploymentMode.LiveOnly,
        CanaryPercent = (int)TableNumbers.Long(entity, "CanaryPercent"),
        ShadowShare = TableNumbers.Double(entity, "ShadowShare") ?? 1.0,
        ChangedBy = entity.GetString("ChangedBy") ?? "",
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? entity.Timestamp ?? DateTimeOffset.MinValue,
        LastAction = entity.GetString("LastAction") ?? "",
        Forced = entity.GetBoolean("Forced") ?? false,
        ETag = entity.ETag.ToString(),
    };
}
