using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>The Functions app as the deployed demo runs it (public twins open), with a small burst and tight image limits.</summary>
public sealed class PublicDemoFunctionsApp : FunctionsAppFixture
{
    public const int Burst = 3;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Api__PublicDemo"] = "true",
        ["RateLimit__Burst"] = $"{Burst}",
        ["RateLimit__PermitsPerMinute"] = "1", // no token comes back while a test runs
        ["Classifier__MaxPixels"] = "1000",
        ["Classifier__MaxAspectRatio"] = "4",
    };
}
