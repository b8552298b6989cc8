using Classifier.Core.Settings;

namespace Classifier.Pipeline.Blobs;

/// <summary>How far apart <see cref="PoisonedUploads"/> makes its tries of an upload (Classifier__UploadRetrySeconds).</summary>
[SettingsSection("Classifier")]
public sealed record UploadRetrySettings
{
    /// <summary>
    /// How long a poison message whose try failed stays hidden before the next try. The step hides it itself: the
    /// host releases no message of a queue whose name ends in "-poison" (it has no poison queue of its own), so
    /// host.json's queues.visibilityTimeout does not apply there.
    /// </summary>
    [SettingRange(0)]
    public double UploadRetrySeconds { get; init; } = 10;

    public TimeSpan RetryDelay => TimeSpan.FromSeconds(UploadRetrySeconds);
}
