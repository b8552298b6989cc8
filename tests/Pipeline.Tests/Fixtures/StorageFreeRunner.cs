using Classifier.LocalRunner;

namespace Pipeline.Tests.Fixtures;

/// <summary>
/// A runner for tests of the HTTP side alone: the shared model, no blob trigger and no model container, so
/// nothing reaches for storage. Settings given here go over those.
/// </summary>
public static class StorageFreeRunner
{
    public static RunnerOptions Options(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            values[key] = value;
        return new RunnerOptions { Port = 0, BlobTrigger = false, ConfigureServices = HostServices.Serving(), Settings = values };
    }

    public static Task<LocalRunner> StartAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        LocalRunner.StartAsync(Options(settings));
}
