using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Classifier.Core.Inference;
using Classifier.Pipeline.Review;
using Classifier.Pipeline.Storage;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Review;

/// <summary>
/// A page of pending items on a mostly reviewed queue, on a real Azurite, with every query the queue sends
/// recorded: the query asks for the pending key range only, so the service reads no reviewed entity.
/// </summary>
public sealed class PendingPageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly QueryRecorder _queries = new();

    private TableServiceClient Tables()
    {
        var options = TableAccount.ClientOptions();
        options.AddPolicy(_queries, HttpPipelinePosition.PerCall);
        return new TableServiceClient(azurite.ConnectionString, options);
    }

    private static Prediction Uncertain(DateTimeOffset at) => new()
    {
        Status = PredictionStatus.Uncertain,
        Label = "Shirt",
        Confidence = 0.4f,
        Model = new ModelInfo("m", "1"),
        ProcessedAt = at,
    };

    [Fact]
    public async Task A_pending_page_reads_only_the_pending_items_and_a_labelled_item_stays_out_even_when_classified_again()
    {
        var queue = new ReviewQueue(Tables());
        var at = DateTimeOffset.UtcNow;
        var names = Enumerable.Range(0, 40).Select(i => $"mostly-{i:00}-{Guid.NewGuid():N}.png").ToList();
        foreach (var name in names)
            await queue.EnqueueAsync(name, Uncertain(at), CancellationToken.None);
        foreach (var name in names.Skip(1))
            Assert.NotNull(await queue.LabelAsync(name, at, "Shirt", at, CancellationToken.None));
        await queue.EnqueueAsync(names[5], Uncertain(at), CancellationToken.None); // the blob step ran again for a labelled one

        // The first pending list of a table gives items queued by older code their pending copies, once (below).
        await queue.ListAsync(ReviewState.Pending, 1, null, CancellationToken.None);
        _queries.Clear();
        var page = await queue.ListAsync(ReviewState.Pending, 50, null, CancellationToken.None);

        Assert.Equal(names[0], Assert.Single(page.Items, i => names.Contains(i.Name)).Name);
        Assert.NotEmpty(_queries.Filters);
        Assert.All(_queries.Filters, filter => Assert.Contains("PartitionKey ge 'pending-' and PartitionKey lt 'pending.'", filter, StringComparison.Ordinal));
        Assert.Equal("Shirt", (await queue.FindAsync(names[5], at, CancellationToken.None))!.ReviewedLabel); // its label kept

        var reviewed = await queue.ListAsync(ReviewState.Reviewed, 200, null, CancellationToken.None);
        Assert.Equal(39, reviewed.Items.Count(i => names.Contains(i.Name)));
        Assert.All(reviewed.Items, i => Assert.Equal(ReviewState.Reviewed, i.Review));
    }

    [Fact]
    public async Task Items_queued_before_the_pending_copies_existed_are_listed_after_a_one_time_pass()
    {
        var tables = Tables();
        var table = tables.GetTableClient(TableAccount.ReviewTable);
        await table.CreateIfNotExistsAsync();
        await table.DeleteEntityAsync("pendingindex", "v1"); // as a table written by the code before
        var name = $"older-{Guid.NewGuid():N}.png";
        var at = DateTimeOffset.UtcNow;
        await table.AddEntityAsync(new TableEntity(ReviewQueue.PartitionKey(name, at), ReviewQueue.RowKey(name))
        {
            ["Name"] = name,
            ["Status"] = "uncertain",
            ["Review"] = ReviewState.Pending,
            ["ModelName"] = "m",
            ["ModelVersion"] = "1",
            ["ProcessedAt"] = at,
        });

        var page = await new ReviewQueue(tables).ListAsync(ReviewState.Pending, 200, null, CancellationToken.None);

        Assert.Contains(page.Items, i => i.Name == name);
        Assert.True((await table.GetEntityIfExistsAsync<TableEntity>("pendingindex", "v1")).HasValue); // done once for the table
        Assert.DoesNotContain(page.Items, i => i.Name == "");
    }

    /// <summary>The $filter of every query sent to the review table.</summary>
    private sealed class QueryRecorder : HttpPipelineSynchronousPolicy
    {
        private readonly ConcurrentQueue<string> _filters = new();

        public IReadOnlyCollection<string> Filters => _filters;

        public void Clear() => _filters.Clear();

        public override void OnSendingRequest(HttpMessage message)
        {
            var uri = message.Request.Uri.ToUri();
            if (message.Request.Method != RequestMethod.Get || !uri.AbsolutePath.EndsWith($"/{TableAccount.ReviewTable}()", StringComparison.Ordinal))
                return;
            var query = System.Web.HttpUtility.ParseQueryString(uri.Query);
            _filters.Enqueue(query["$filter"] ?? "");
        }
    }
}
