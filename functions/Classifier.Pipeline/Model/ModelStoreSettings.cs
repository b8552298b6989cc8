using Classifier.Core.Settings;

namespace Classifier.Pipeline.Model;

/// <summary>Where the hosts find the model to serve (the Classifier__* settings that are not the classifier's own).</summary>
[SettingsSection("Classifier")]
public sealed record ModelStoreSettings
{
    /// <summary>Container holding a user's model.onnx + model.json; empty (set but blank): use the built-in model only.</summary>
    public string ModelContainer { get; init; } = PipelineSettings.DefaultModelContainer;

    /// <summary>A local package folder to serve (./run.sh --model DIR sets it); blank means none.</summary>
    public string? ModelFolder { get; init => field = string.IsNullOrWhiteSpace(value) ? null : value.Trim(); }

    /// <summary>How long a model that failed to load is reported unavailable before the next try.</summary>
    [SettingRange(0)]
    public double ModelRetrySeconds { get; init; } = 60;
}
