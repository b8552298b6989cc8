using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace Classifier.Core.Inference;

/// <summary>
/// ONNX Runtime's graph optimisation (constant folding, the QDQ fusions into QLinearConv, layout changes) is
/// most of a session's creation time. The first load saves the optimised graph beside the model
/// (<c>model.int8.onnx</c> gives <c>model.int8.ort-opt.onnx</c>) with a stamp: the source file's length and
/// write time, the ONNX Runtime version and this machine's processor, since <c>ORT_ENABLE_ALL</c> may choose kernels and
/// layouts for the processor it runs on. Later loads open that file with optimisation off. A stamp that does
/// not match (a new model, a new runtime, another machine) means the original is loaded and the file rewritten.
/// A folder that cannot be written (a published app) keeps the file in the temp folder instead.
/// </summary>
internal static class OptimizedModelCache
{
    public const string Suffix = ".ort-opt.onnx";
    public const string StampSuffix = ".sha256";

    /// <summary>Where the optimised twin of <paramref name="modelPath"/> lives and what its stamp must say.</summary>
    public static (string Path, string Stamp) For(string modelPath)
    {
        var full = Path.GetFullPath(modelPath);
        var stamp = Stamp(full);
        var name = Path.GetFileNameWithoutExtension(full) + Suffix;
        var beside = Path.Combine(Path.GetDirectoryName(full)!, name);
        return (IsWritable(Path.GetDirectoryName(full)!) ? beside : Path.Combine(TempFolder, stamp[..16] + "-" + name), stamp);
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

    private static string TempFolder
    {
        get
        {
            var folder = Path.Combine(Path.GetTempPath(), "classifier-ort-cache");
            Directory.CreateDirectory(folder);
            return folder;
        }
    }

    /// <summary>
    /// The source file by its length and last write time, not by its content: hashing 17 MB (64 MB for fp32) on
    /// every start would cost about what the cache saves. Every way a model reaches this folder (the built-in
    /// merge, a download into a fresh folder, a copy) writes the file anew.
    /// </summary>
    private static string Stamp(string modelPath)
    {
        var file = new FileInfo(modelPath);
        var key = $"{file.Length}|{file.LastWriteTimeUtc.Ticks}|onnxruntime {OrtEnv.Instance().GetVersionString()}|{Processor()}";
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

    private static bool IsWritable(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, $".write-test-{Environment.ProcessId}-{Guid.NewGuid():N}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
