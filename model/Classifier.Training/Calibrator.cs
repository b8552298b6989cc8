using System.Numerics.Tensors;
using Classifier.Core.Imaging;
using Classifier.Core.Inference;
using Classifier.Core.Model;
using Classifier.Core.Quantization;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace Classifier.Training;

/// <summary>
/// Measures the activation ranges for static int8 quantization: runs the float model on sample images
/// (a few hundred training images) and keeps, for each planned tensor, the range that holds all but the
/// most extreme values (a percentile of a sample of its values): a few outliers would otherwise stretch the
/// 256 steps of uint8 over values that hardly occur.
/// </summary>
public static class Calibrator
{
    /// <summary>Values kept per tensor and image for the percentile.</summary>
    private const int SamplePerImage = 4096;

    public static ActivationRanges Measure(ModelProto prepared, ModelInput input, IEnumerable<RgbImage> fittedImages, string source,
        Action<int>? progress = null, double percentile = 99.999)
    {
        var tensors = QdqGraph.TensorsToCalibrate(prepared);
        var path = Path.Combine(Path.GetTempPath(), $"calibration-{Environment.ProcessId}-{Guid.NewGuid():N}.onnx");
        using (var file = File.Create(path))
            QdqGraph.WithCalibrationOutputs(prepared).WriteTo(file);
        try
        {
            using var runner = OnnxRunner.Open(path, 0);
            var samples = tensors.ToDictionary(t => t, _ => new List<float>());
            var slot = 3 * input.Width * input.Height;
            var tensor = new float[slot];
            var count = 0;
            using var runOptions = new RunOptions();
            foreach (var image in fittedImages)
            {
                TensorWriter.Write(image, input, tensor);
                using var value = OrtValue.CreateTensorValueFromMemory(tensor, [1, 3, input.Height, input.Width]);
                using var outputs = runner.Session.Run(runOptions, [input.Name], [value], tensors.ToArray());
                for (var o = 0; o < tensors.Count; o++)
                {
                    var data = outputs[o].GetTensorDataAsSpan<float>();
                    var sample = samples[tensors[o]];
                    var step = Math.Max(1, data.Length / SamplePerImage);
                    for (var i = count % step; i < data.Length; i += step)
                        sample.Add(data[i]);
                    sample.Add(TensorPrimitives.Min(data));
                    sample.Add(TensorPrimitives.Max(data));
                }
                count++;
                progress?.Invoke(count);
            }
            if (count == 0)
                throw new InvalidDataException("calibration needs at least one image");
            var ranges = samples.ToDictionary(s => s.Key, s => Range(s.Value, percentile));
            return new ActivationRanges(source, count, ranges);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The values at (100 - p) % and p % of the sorted sample: [min, max] for p = 100.</summary>
    private static float[] Range(List<float> values, double percentile)
    {
        values.Sort();
        var tail = (int)Math.Floor(values.Count * (100 - percentile) / 100);
        return [values[tail], values[values.Count - 1 - tail]];
    }
}
