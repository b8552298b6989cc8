using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.FunctionsApp;

/// <summary>The Functions app with the poison stage's tries one second apart, so a test sees a failed try come back.</summary>
public sealed class BlobFunctionsApp : FunctionsAppFixture
{
    public const int UploadRetrySeconds = 1;

    protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Classifier__UploadRetrySeconds"] = $"{UploadRetrySeconds}",
    };
}
