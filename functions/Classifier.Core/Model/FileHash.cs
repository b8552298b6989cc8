using System.Security.Cryptography;

namespace Classifier.Core.Model;

/// <summary>SHA-256 of a file, as lower-case hex: what manifests and derived-file records hold.</summary>
public static class FileHash
{
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>The first 12 hex digits: enough for a person to tell two hashes apart in a message.</summary>
    public static string Short(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
