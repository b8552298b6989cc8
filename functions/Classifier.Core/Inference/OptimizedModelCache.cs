using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace Classifier.Core.Inference;

/// <summary>
/// ONNX Runtime's graph optimisation (constant folding, the QDQ fusions into QLinearConv, layout changes) is
/// most of a session's creation time. The first load saves the optimised graph in a cache folder of this
/// user's own, under a name made of its stamp: the source file's SHA-256 (the package manifest's, when it has
/// one), the ONNX Runtime version and this machine's processor, since <c>ORT_ENABLE_ALL</c> may choose kernels
/// and layouts for the processor it runs on. Later loads open that file with optimisation off. Another model,
/// runtime or machine gives another name; a file whose stamp beside it does not match is loaded from the
/// original and written again.
/// The folder is $XDG_CACHE_HOME (else ~/.cache)/classifier/ort-opt, or, where there is no home to write
/// (a service account), a folder in the temp folder named after the user id. It is made with mode 0700, and a
/// folder that is not this user's or that others may write is never used: a graph planted there would be
/// served. Then the model loads without the cache.
/// </summary>
internal static class OptimizedModelCache
{
    public const string Suffix = ".ort-opt.onnx";
    public const string StampSuffix = ".sha256";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode GroupOrOthers = ~OwnerOnly & (UnixFileMode)0x1FF;

    /// <summary>
    /// Where the optimised twin of <paramref name="modelPath"/> (whose content has <paramref name="contentSha256"/>)
    /// lives and what its stamp must say; null when there is no safe folder to keep it in.
    /// </summary>
    /// <param name="folder">The cache folder; null for this user's (see the class summary).</param>
    public static (string Path, string Stamp)? For(string modelPath, string contentSha256, string? folder = null)
    {
        if ((folder is null ? UserFolder() : Prepare(folder)) is not { } safe)
            return null;
        var stamp = Stamp(contentSha256);
        return (Path.Combine(safe, $"{Path.GetFileNameWithoutExtension(modelPath)}-{stamp[..32]}{Suffix}"), stamp);
    }

    public static bool IsCurrent(string cachedPath, string stamp) =>
        File.Exists(cachedPath) && File.Exists(cachedPath + StampSuffix) && File.ReadAllText(cachedPath + StampSuffix).Trim() == stamp;

    /// <summary>
    /// Moves a freshly written optimised model into place with its stamp. Several processes may race here:
    /// each wrote its own file, the last move wins and all of them hold the same graph.
    /// </summary>
    public static void Publish(string written, string cachedPath, string stamp)
    {
        try
        {
            File.Move(written, cachedPath, overwrite: true);
            File.WriteAllText(cachedPath + StampSuffix, stamp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(written); // not cached this time; the next start tries again
        }
    }

    /// <summary>A per-process file name for ONNX Runtime to write the optimised graph to.</summary>
    public static string ScratchPath(string cachedPath) => $"{cachedPath}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a leftover scratch file is harmless
        }
    }

    /// <summary>This user's cache folder, made if missing; null when neither the home nor the temp folder gives a safe one.</summary>
    public static string? UserFolder()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var root = !string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg) ? xdg
            : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : home.Length > 0 ? Path.Combine(home, ".cache") : null;
        if (root is not null && Prepare(Path.Combine(root, "classifier", "ort-opt")) is { } cache)
            return cache;
        var user = OperatingSystem.IsWindows() ? Environment.UserName : $"{UnixOwner.EffectiveUserId()}";
        return Prepare(Path.Combine(Path.GetTempPath(), $"classifier-ort-opt-{user}"));
    }

    /// <summary>Makes <paramref name="folder"/> (mode 0700 on Unix) and returns it, or null when it cannot be made or is not safe to use.</summary>
    internal static string? Prepare(string folder)
    {
        try
        {
            if (OperatingSystem.IsWindows())
                return Directory.CreateDirectory(folder).FullName; // per-user profile folders; ACLs are the platform's
            Directory.CreateDirectory(folder, OwnerOnly);
            return IsPrivate(folder) ? Path.GetFullPath(folder) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>True when the folder (not a link to one) belongs to this user and no one else may write or list it.</summary>
    internal static bool IsPrivate(string folder)
    {
        if (OperatingSystem.IsWindows())
            return true;
        var info = new DirectoryInfo(folder);
        return info.Exists && info.LinkTarget is null && (info.UnixFileMode & GroupOrOthers) == 0 && UnixOwner.IsMine(folder);
    }

    /// <summary>The cache key: what the file holds, which runtime optimised it and for which processor.</summary>
    private static string Stamp(string contentSha256)
    {
        var key = $"{contentSha256}|onnxruntime {OrtEnv.Instance().GetVersionString()}|{Processor()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
    }

    /// <summary>The processor's model name (Linux), else the architecture: enough to tell another machine.</summary>
    private static string Processor()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
                return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal)) ?? "";
        }
        catch (IOException)
        {
        }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
