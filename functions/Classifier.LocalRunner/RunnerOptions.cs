using Classifier.Core.Inference;
using Classifier.Pipeline.Blobs;

namespace Classifier.LocalRunner;

/// <summary>How to start a <see cref="LocalRunner"/>: where to listen, which storage, which site folder.</summary>
public sealed record RunnerOptions
{
    public const string HostId = "classifier-local-runner";

    /// <summary>Port on 127.0.0.1; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 7071;

    /// <summary>
    /// The AzureWebJobsStorage connection string (Azurite's by default). Null: no storage at all (the bench), so
    /// only predictions are served: nothing is counted or queued, and the blob trigger cannot run.
    /// </summary>
    public string? StorageConnectionString { get; init; } = "UseDevelopmentStorage=true";

    /// <summary>The built site served at "/" (web/dist); null or missing: "/" explains how to build it.</summary>
    public string? SiteRoot { get; init; }

    /// <summary>Settings by their Functions names (Classifier:MinConfidence, Api:PublicDemo, ...), over <see cref="Configuration"/>.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Where settings come from otherwise (the environment, when run from the command line).</summary>
    public IConfiguration? Configuration { get; init; }

    /// <summary>Run the blob trigger; off serves only HTTP (predict still works, uploads wait unclassified).</summary>
    public bool BlobTrigger { get; init; } = true;

    /// <summary>A classifier loaded elsewhere to share (one ONNX session per process); the runner does not dispose it.</summary>
    public ImageClassifier? Classifier { get; init; }

    /// <summary>Called after each stored blob result.</summary>
    public Action<UploadOutcome>? OnUploadProcessed { get; init; }

    /// <summary>
    /// Start as another instance of the app whose runner already uses this storage (same models container, same
    /// deployment record): both blob triggers share the uploads, as two Flex Consumption instances do. Off (the
    /// default), a runner refuses storage another runner's blob trigger holds. Also the setting Runner__JoinAsSecondInstance=true.
    /// </summary>
    public bool JoinAsSecondInstance { get; init; }

    /// <summary>Log requests and the blob host's chatter (off: warnings only).</summary>
    public bool Verbose { get; init; }
}
