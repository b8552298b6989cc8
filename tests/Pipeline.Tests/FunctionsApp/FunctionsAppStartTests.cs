using System.Text.Json;
using Pipeline.Tests.Fixtures;
using TestSupport.FunctionsHost;
using Xunit.Abstractions;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>The built Functions app started as the host starts it: what loads, and what stops a start.</summary>
public sealed class FunctionsAppStartTests(FunctionsAppFixture app, ITestOutputHelper output) : IClassFixture<FunctionsAppFixture>
{
    [Fact]
    public void Every_function_in_the_build_output_is_indexed_and_loaded_by_the_worker()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.FunctionsOutput, "functions.metadata")));
        var built = metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order();
        Assert.Equal(built, app.Worker.Functions.Order());
    }

    [Fact]
    public async Task Health_answers_through_the_worker()
    {
        using var log = app.LogTo(output);
        using var response = await app.Worker.InvokeHttpAsync(HttpMethod.Get, "/api/health");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_bad_setting_stops_start_with_a_message_naming_it()
    {
        var failure = await Assert.ThrowsAsync<FunctionsWorkerStartException>(() =>
            app.StartWorkerAsync(new Dictionary<string, string?> { ["Classifier__MinConfidence"] = "2" }, output));
        Assert.Contains("Classifier__MinConfidence must be between 0 and 1 (got 2)", failure.Message);
    }
}
