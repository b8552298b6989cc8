using Classifier.LocalRunner;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// Two runners on one emulator: the second would share the first one's uploads through its own blob trigger,
/// so it refuses to start and names the ways out, unless it is told it is a second instance of the same app.
/// </summary>
public sealed class TwoRunnersOnOneStorageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private RunnerOptions OnTheSharedStorage(IReadOnlyDictionary<string, string?>? settings = null) => new()
    {
        Port = 0,
        StorageConnectionString = azurite.ConnectionString,
        Classifier = SharedModel.Classifier,
        Settings = settings ?? new Dictionary<string, string?>(),
    };

    [Fact]
    public async Task A_second_runner_refuses_the_storage_naming_the_ways_out_joins_only_when_told_and_the_claim_ends_with_the_runners()
    {
        var first = await LocalRunner.StartAsync(OnTheSharedStorage());
        LocalRunner? second = null;
        try
        {
            var refused = await Assert.ThrowsAsync<StorageInUseException>(() => LocalRunner.StartAsync(OnTheSharedStorage()));
            Assert.Contains("another runner is using this storage", refused.Message);
            Assert.Contains(first.BaseAddress.ToString(), refused.Holder);
            Assert.Contains("another PORT and another Azurite (PORT=8080 AZURITE_PORT=20000 ./run.sh", refused.Message);
            Assert.Contains("second instance of the same app, serving the same model and deployment record", refused.Message);
            Assert.Contains("Runner__JoinAsSecondInstance=true", refused.Message);

            second = await LocalRunner.StartAsync(OnTheSharedStorage(new Dictionary<string, string?> { ["Runner:JoinAsSecondInstance"] = "true" }));
            using var http = new HttpClient { BaseAddress = second.ApiBase };
            using var health = await http.GetAsync("health");
            Assert.True(health.IsSuccessStatusCode);
        }
        finally
        {
            if (second is not null)
                await second.DisposeAsync();
            await first.DisposeAsync();
        }

        // Both stopped: the claim was released, not left to lapse, so the next runner starts at once.
        await using var next = await LocalRunner.StartAsync(OnTheSharedStorage());
    }
}
