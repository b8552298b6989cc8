namespace Classifier.Core.Model;

/// <summary>
/// One file of a package in its manifest: the path inside the package ('/' between folders), its SHA-256 and
/// length, and for a derived file (the int8 twin, the out-of-domain statistics) the SHA-256 of the model.onnx
/// it was made from.
/// </summary>
public sealed record PackageFile(string Path, string Sha256, long Bytes, string? DerivedFrom = null);
