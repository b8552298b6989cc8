using Classifier.Core.Model;

namespace Classifier.Pipeline.Model;

/// <summary>What <see cref="ModelVersionStore.PublishAsync"/> did: uploaded the version, or found the same content already there.</summary>
public sealed record PublishOutcome(ModelVersion Version, PackageManifest Manifest, bool AlreadyPublished);
