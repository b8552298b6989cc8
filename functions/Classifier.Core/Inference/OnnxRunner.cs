using System.Buffers;
using Classifier.Core.Imaging;
using Classifier.Core.Model;
using Microsoft.ML.OnnxRuntime;

namespace Classifier.Core.Inference;

/// <summary>
/// One ONNX Runtime session and the NCHW plumbing around it, shared by the classifier and the
/// feature extractor. Sessions are thread-safe; create one per model per process.
/// Internal on purpose: besides the classifier, only the training project (feature extraction, int8
/// calibration) drives sessions directly, through InternalsVisibleTo; served apps go through ImageClassifier.
/// </summary>
internal sealed class OnnxRunner : IDisposable
{
    private const int PreferredBatch = 16;

    private OnnxRunner(InferenceSession session) => Session = session;

    public InferenceSession Session { get; }

    /// <summary>
    /// Opens a session on <paramref name="path"/>. Given the file's <paramref name="contentSha256"/>, the optimised
    /// graph is saved on first use and opened on later ones (<see cref="OptimizedModelCache"/>): what a served model does.
    /// </summary>
    /// <param name="cacheFolder">Where optimised graphs are kept; null for this user's cache folder.</param>
    public static OnnxRunner Open(string path, int intraOpThreads, string? contentSha256 = null, string? cacheFolder = null)
    {
        try
        {
            if (contentSha256 is null || OptimizedModelCache.For(path, contentSha256, cacheFolder) is not (string cached, string stamp))
            {
                using var plain = Options(intraOpThreads, GraphOptimizationLevel.ORT_ENABLE_ALL);
                return new OnnxRunner(new InferenceSession(path, plain));
            }
            if (OptimizedModelCache.IsCurrent(cached, stamp))
            {
                try
                {
                    // Every optimisation is in the file already: running them again would only cost time.
                    using var optimized = Options(intraOpThreads, GraphOptimizationLevel.ORT_DISABLE_ALL);
                    return new OnnxRunner(new InferenceSession(cached, optimized));
                }
                catch (OnnxRuntimeException)
                {
                    // A damaged cache file: load the original below, which writes the file again.
                }
            }
            var scratch = OptimizedModelCache.ScratchPath(cached);
            using var options = Options(intraOpThreads, GraphOptimizationLevel.ORT_ENABLE_ALL);
            options.OptimizedModelFilePath = scratch;
            var session = new InferenceSession(path, options);
            if (File.Exists(scratch))
                OptimizedModelCache.Publish(scratch, cached, stamp);
            return new OnnxRunner(session);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException($"{path}: ONNX Runtime cannot load it: {e.Message}", e);
        }
    }

    private static SessionOptions Options(int intraOpThreads, GraphOptimizationLevel level)
    {
        var options = new SessionOptions
        {
            IntraOpNumThreads = Math.Max(0, intraOpThreads),
            InterOpNumThreads = 1,
            GraphOptimizationLevel = level,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        // Spinning threads burn the cores that other sessions or requests in this process need.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    /// <summary>
    /// Runs prepared images (already at the input size) in chunks the model accepts; returns, for each
    /// requested output, one vector per image.
    /// </summary>
    public float[][][] Run(ModelInput input, IReadOnlyList<RgbImage> prepared, IReadOnlyList<string> outputNames)
    {
        var results = outputNames.Select(_ => new float[prepared.Count][]).ToArray();
        var batch = MaxBatch(input.Name);
        var slot = 3 * input.Width * input.Height;
        using var runOptions = new RunOptions();
        var names = outputNames as string[] ?? outputNames.ToArray();
        for (var start = 0; start < prepared.Count; start += batch)
        {
            var count = Math.Min(batch, prepared.Count - start);
            // A pooled buffer, pinned for the run: no 600 KB (per image) allocation on the large-object heap per request.
            var tensor = ArrayPool<float>.Shared.Rent(count * slot);
            try
            {
                for (var i = 0; i < count; i++)
                    TensorWriter.Write(prepared[start + i], input, tensor.AsSpan(i * slot, slot));

                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, tensor.AsMemory(0, count * slot), [count, 3, input.Height, input.Width]);
                using var work = CpuWork.Enter(); // a decode starting now leaves the cores to this run
                using var outputs = Session.Run(runOptions, [input.Name], [value], names);
                for (var o = 0; o < outputNames.Count; o++)
                {
                    var data = outputs[o].GetTensorDataAsSpan<float>();
                    var width = data.Length / count;
                    for (var i = 0; i < count; i++)
                        results[o][start + i] = data.Slice(i * width, width).ToArray();
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(tensor);
            }
        }
        return results;
    }

    /// <summary>A model exported with a fixed batch size takes exactly that many; a symbolic one takes a chunk.</summary>
    private int MaxBatch(string inputName)
    {
        var first = Session.InputMetadata[inputName].Dimensions[0];
        return first > 0 ? first : PreferredBatch;
    }

    public void Dispose() => Session.Dispose();
}
