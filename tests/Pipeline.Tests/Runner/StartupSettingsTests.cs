using Microsoft.Extensions.Options;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>A bad setting stops the runner at start with a message that names it, before any request.</summary>
public sealed class StartupSettingsTests
{
    [Theory]
    [InlineData("Classifier:MinConfidence", "2")]
    [InlineData("Limits:BodyBytesInFlight", "-1")]
    [InlineData("Limits:PixelsInFlight", "1000")] // under Classifier__MaxPixels: a 40-megapixel image could never be decoded
    [InlineData("RateLimit:Burst", "0")]
    [InlineData("Review:KeepPredictImages", "sometimes")]
    public async Task A_runner_with_a_bad_setting_fails_to_start_naming_it(string key, string value)
    {
        var start = StorageFreeRunner.StartAsync(new Dictionary<string, string?> { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => start);
        Assert.Contains(key.Replace(":", "__", StringComparison.Ordinal), error.Message);
        Assert.Contains(value, error.Message);
    }
}
