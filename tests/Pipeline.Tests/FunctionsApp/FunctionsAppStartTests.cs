using System.Text.Json;
using Pipeline.Tests.Fixtures;
using TestSupport.FunctionsHost;
using Xunit.Abstractions;
using static Pipeline.Tests.Fixtures.WorkerAnswers;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>
/// The built Functions app started as the host starts it: Program.cs, its registrations and host.json.
/// What loads, what stops a start, and that telemetry without a connection string does not.
/// </summary>
public sealed class FunctionsAppStartTests(FunctionsAppFixture app, ITestOutputHelper output)
    : FunctionsAppTests<FunctionsAppFixture>(app, output), IClassFixture<FunctionsAppFixture>
{
    [Fact]
    public void Every_function_in_the_build_output_is_indexed_and_loaded_by_the_worker()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var built = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order();
        Assert.Equal(built, Worker.Functions.Order());
    }

    [Fact]
    public async Task A_bad_setting_stops_start_with_a_message_naming_it()
    {
        var failure = await Assert.ThrowsAsync<FunctionsWorkerStartException>(() =>
            App.StartWorkerAsync(new Dictionary<string, string?> { ["Classifier__MinConfidence"] = "2" }, Output));
        Assert.Contains("exited", failure.Message);
        Assert.Contains("setting Classifier__MinConfidence must be between 0 and 1 (got 2)", failure.Output);
    }

    [Fact]
    public async Task Without_an_application_insights_connection_string_the_app_starts_and_records_predictions()
    {
        // The fixture's worker got no APPLICATIONINSIGHTS_CONNECTION_STRING: the registration must not need one,
        // and a prediction (which records its metrics through the TelemetryClient) must still answer.
        using var response = await Worker.InvokeHttpAsync(HttpMethod.Post, "/api/predict", Image(TestImages.Picture(2)));
        await JsonAsync(response, 200);
        Assert.DoesNotContain("[Error]", Worker.Output);
    }
}
