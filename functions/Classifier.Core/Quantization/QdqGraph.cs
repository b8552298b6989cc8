using Google.Protobuf;
using Onnx;
using static Classifier.Core.Onnx.GraphParts;

namespace Classifier.Core.Quantization;

/// <summary>
/// Static int8 quantization of an ONNX graph in QDQ form, from activation ranges measured beforehand
/// (<see cref="ActivationRanges"/>). ONNX Runtime's CPU provider fuses DequantizeLinear -> Conv/Gemm ->
/// QuantizeLinear into QLinearConv / QGemm (at ORT_ENABLE_EXTENDED and above), which run on VNNI.
/// </summary>
/// <remarks>
/// Weights: int8, symmetric, one scale per output channel (axis 0 for Conv, and for Gemm with transB=1).
/// Biases: int32 at scale input x weight. Activations: uint8, asymmetric, per tensor (U8S8, the fast path on
/// x86). Quantized activations: every Conv input (and Gemm input when asked for), every Conv output (after its Relu when one follows, so
/// ONNX Runtime drops the Relu into the quantized range), Add outputs whose inputs are quantized (QLinearAdd),
/// and MaxPool outputs (same range as the input, so the pool runs on int8). BatchNormalization after a Conv
/// is folded into its weights first. Gemm outputs stay float: they are logits.
/// Measuring the ranges needs images and lives with the training code; this part is plain graph surgery.
/// </remarks>
public static class QdqGraph
{
    /// <summary>Changes whenever the graph this class writes changes, so stamped int8 models are rebuilt.</summary>
    public const string Layout = "qdq-u8s8-v2";

    private const int MinOpset = 13; // per-channel DequantizeLinear (axis) needs opset 13

    /// <summary>Folds BatchNormalization into Conv and brings the graph to opset 13: the float graph that calibration measures.</summary>
    public static ModelProto Prepare(ModelProto source)
    {
        var model = source.Clone();
        FoldBatchNorms(model.Graph);
        UpgradeOpset(model);
        return model;
    }

    /// <summary>The activations that need a measured range, in graph order.</summary>
    public static IReadOnlyList<string> TensorsToCalibrate(ModelProto prepared) => Plan(prepared.Graph, quantizeGemm: true).Measured;

    /// <summary>A copy of the prepared graph that also outputs every tensor to calibrate (float, shape left open).</summary>
    public static ModelProto WithCalibrationOutputs(ModelProto prepared)
    {
        var model = prepared.Clone();
        var outputs = model.Graph.Output.Select(o => o.Name).ToHashSet();
        foreach (var name in TensorsToCalibrate(prepared).Where(outputs.Add))
        {
            model.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });
        }
        return model;
    }

    /// <summary>The int8 QDQ model: weights quantized, a QuantizeLinear/DequantizeLinear pair after each planned activation.</summary>
    /// <param name="quantizeGemm">
    /// Also quantize Gemm (fully connected) layers. Off by default: a classifier head reads a long vector whose
    /// parts differ in scale, and one uint8 range for all of it cost the default model 9 points of accuracy
    /// (81.5 % against 90.5 % on the Fashion-MNIST test set) for no measurable speed; the head is 0.01 % of the work.
    /// </param>
    public static ModelProto Quantize(ModelProto prepared, ActivationRanges ranges, bool quantizeGemm = false)
    {
        var model = prepared.Clone();
        var graph = model.Graph;
        var plan = Plan(graph, quantizeGemm);
        var missing = plan.Measured.Where(t => !ranges.Ranges.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new InvalidDataException($"the calibration lacks ranges for {missing.Count} tensor(s), e.g. '{missing[0]}': calibrate this model again");

        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var activation = new Dictionary<string, (float Scale, byte ZeroPoint)>();
        foreach (var name in plan.Measured)
            activation[name] = UInt8Params(ranges.Ranges[name]);
        foreach (var (output, input) in plan.Inherited)
            activation[output] = activation[input];

        var nodes = new List<NodeProto>();
        var rewired = new Dictionary<string, string>(); // float tensor -> its dequantized copy
        foreach (var name in plan.Measured.Concat(plan.Inherited.Select(i => i.Output)))
            rewired[name] = name + "_dq";

        foreach (var input in graph.Input.Where(i => rewired.ContainsKey(i.Name)))
            nodes.AddRange(QdqPair(graph, input.Name, activation[input.Name]));
        foreach (var node in graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (rewired.TryGetValue(node.Input[i], out var dq))
                    node.Input[i] = dq;
            }
            if (node.OpType is "Conv" or "Gemm" && activation.TryGetValue(Original(node.Input[0]), out var x))
                QuantizeWeights(graph, initializers, node, x.Scale, nodes);
            nodes.Add(node);
            foreach (var output in node.Output.Where(rewired.ContainsKey))
                nodes.AddRange(QdqPair(graph, output, activation[output]));
        }
        graph.Node.Clear();
        graph.Node.Add(nodes);
        return model;

        static string Original(string name) => name.EndsWith("_dq", StringComparison.Ordinal) ? name[..^3] : name;
    }

    private sealed record QuantPlan(List<string> Measured, List<(string Output, string Input)> Inherited);

    private static QuantPlan Plan(GraphProto graph, bool quantizeGemm)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet();
        var consumers = Consumers(graph);
        var measured = new List<string>();
        var seen = new HashSet<string>();
        void Measure(string tensor)
        {
            if (!initializers.Contains(tensor) && seen.Add(tensor))
                measured.Add(tensor);
        }
        // A Relu as sole consumer is folded into the quantized range, so the range is taken after it.
        string AfterRelu(string tensor) =>
            consumers.GetValueOrDefault(tensor) is [{ OpType: "Relu" } relu] ? relu.Output[0] : tensor;

        foreach (var node in graph.Node)
        {
            if (node.OpType == "Conv" || (quantizeGemm && node.OpType == "Gemm" && IsPlainGemm(node)))
                Measure(node.Input[0]);
            if (node.OpType == "Conv")
                Measure(AfterRelu(node.Output[0]));
        }
        foreach (var node in graph.Node.Where(n => n.OpType == "Add" && n.Input.All(seen.Contains)))
            Measure(AfterRelu(node.Output[0]));

        var inherited = new List<(string, string)>();
        foreach (var node in graph.Node.Where(n => n.OpType == "MaxPool" && seen.Contains(n.Input[0]) && n.Output.Count == 1))
        {
            if (seen.Remove(node.Output[0]))
                measured.Remove(node.Output[0]);
            inherited.Add((node.Output[0], node.Input[0]));
        }
        return new QuantPlan(measured, inherited);
    }

    private static bool IsPlainGemm(NodeProto gemm) =>
        gemm.Attribute.All(a => a.Name switch
        {
            "alpha" or "beta" => a.F == 1f,
            "transA" => a.I == 0,
            _ => true,
        });

    private static Dictionary<string, List<NodeProto>> Consumers(GraphProto graph)
    {
        var consumers = new Dictionary<string, List<NodeProto>>();
        foreach (var node in graph.Node)
        {
            foreach (var input in node.Input)
            {
                if (!consumers.TryGetValue(input, out var list))
                    consumers[input] = list = [];
                list.Add(node);
            }
        }
        return consumers;
    }

    /// <summary>uint8 affine parameters covering [min, max] widened to include 0 (so padding and Relu zeros are exact).</summary>
    private static (float Scale, byte ZeroPoint) UInt8Params(float[] range)
    {
        var min = Math.Min(0f, range[0]);
        var max = Math.Max(0f, range[1]);
        var scale = max > min ? (max - min) / 255f : 1f;
        var zeroPoint = (byte)Math.Clamp(Math.Round(-min / scale), 0, 255);
        return (scale, zeroPoint);
    }

    private static IEnumerable<NodeProto> QdqPair(GraphProto graph, string tensor, (float Scale, byte ZeroPoint) p)
    {
        graph.Initializer.Add(Scalar(tensor + "_scale", p.Scale));
        graph.Initializer.Add(new TensorProto { Name = tensor + "_zero_point", DataType = (int)TensorProto.Types.DataType.Uint8, RawData = ByteString.CopyFrom(p.ZeroPoint) });
        yield return Node("QuantizeLinear", [tensor, tensor + "_scale", tensor + "_zero_point"], tensor + "_q");
        yield return Node("DequantizeLinear", [tensor + "_q", tensor + "_scale", tensor + "_zero_point"], tensor + "_dq");
    }

    /// <summary>Replaces the node's float weight (and bias) by int8 (int32) initializers behind a per-channel DequantizeLinear.</summary>
    private static void QuantizeWeights(GraphProto graph, Dictionary<string, TensorProto> initializers, NodeProto node, float inputScale, List<NodeProto> nodes)
    {
        if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weight))
            return;
        var transB = node.OpType == "Gemm" && node.Attribute.Any(a => a.Name == "transB" && a.I == 1);
        var values = FloatData(weight);
        var dims = weight.Dims.ToArray();
        // Output channels: Conv's axis 0; Gemm's B is [K, N], or [N, K] when transposed.
        var channels = node.OpType == "Gemm" && !transB ? (int)dims[1] : (int)dims[0];
        var axis = node.OpType == "Gemm" && !transB ? 1 : 0;
        var inner = axis == 0 ? values.Length / channels : 1;
        int ChannelOf(int i) => axis == 0 ? i / inner : i % channels;

        var scales = new float[channels];
        for (var i = 0; i < values.Length; i++)
            scales[ChannelOf(i)] = Math.Max(scales[ChannelOf(i)], Math.Abs(values[i]));
        for (var c = 0; c < channels; c++)
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        var quantized = new byte[values.Length];
        for (var i = 0; i < values.Length; i++)
            quantized[i] = unchecked((byte)(sbyte)Math.Clamp(Math.Round(values[i] / scales[ChannelOf(i)]), -127, 127));

        var name = node.Input[1];
        var q = new TensorProto { Name = name + "_int8", DataType = (int)TensorProto.Types.DataType.Int8, RawData = ByteString.CopyFrom(quantized) };
        q.Dims.Add(dims);
        graph.Initializer.Add(q);
        graph.Initializer.Add(Vector(name + "_scale", scales));
        graph.Initializer.Add(Zeros(name + "_zero_point", TensorProto.Types.DataType.Int8, channels, 1));
        nodes.Add(Node("DequantizeLinear", [name + "_int8", name + "_scale", name + "_zero_point"], name + "_dq", Attr("axis", axis)));
        node.Input[1] = name + "_dq";

        if (node.Input.Count > 2 && initializers.TryGetValue(node.Input[2], out var bias) && bias.Dims.Aggregate(1L, (a, d) => a * d) == channels)
        {
            var b = FloatData(bias);
            var biasScales = scales.Select(s => s * inputScale).ToArray();
            var int32 = new byte[channels * 4];
            for (var c = 0; c < channels; c++)
                BitConverter.TryWriteBytes(int32.AsSpan(c * 4), (int)Math.Clamp(Math.Round(b[c] / biasScales[c]), int.MinValue, int.MaxValue));
            var bq = new TensorProto { Name = bias.Name + "_int32", DataType = (int)TensorProto.Types.DataType.Int32, RawData = ByteString.CopyFrom(int32) };
            bq.Dims.Add(channels);
            graph.Initializer.Add(bq);
            graph.Initializer.Add(Vector(bias.Name + "_scale", biasScales));
            graph.Initializer.Add(Zeros(bias.Name + "_zero_point", TensorProto.Types.DataType.Int32, channels, 4));
            nodes.Add(Node("DequantizeLinear", [bias.Name + "_int32", bias.Name + "_scale", bias.Name + "_zero_point"], bias.Name + "_dq", Attr("axis", 0)));
            node.Input[2] = bias.Name + "_dq";
        }
        RemoveIfUnused(graph, weight);
    }

    private static void RemoveIfUnused(GraphProto graph, TensorProto weight)
    {
        if (graph.Node.All(n => !n.Input.Contains(weight.Name)))
            graph.Initializer.Remove(weight);
    }

    /// <summary>Conv -> BatchNormalization (inference form) becomes one Conv with scaled weights and a bias.</summary>
    private static void FoldBatchNorms(GraphProto graph)
    {
        var initializers = graph.Initializer.ToDictionary(t => t.Name);
        var consumers = Consumers(graph);
        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (o, n))).ToDictionary(p => p.o, p => p.n);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet();
        var removed = new HashSet<NodeProto>();
        foreach (var bn in graph.Node.Where(n => n.OpType == "BatchNormalization" && n.Output.Count == 1).ToList())
        {
            if (!producers.TryGetValue(bn.Input[0], out var conv) || conv.OpType != "Conv" || consumers[conv.Output[0]].Count != 1
                || graphOutputs.Contains(conv.Output[0]) || !initializers.TryGetValue(conv.Input[1], out var weightTensor)
                || bn.Input.Skip(1).Any(i => !initializers.ContainsKey(i)))
            {
                continue;
            }

            var epsilon = bn.Attribute.FirstOrDefault(a => a.Name == "epsilon")?.F ?? 1e-5f;
            var (gamma, beta, mean, variance) = (FloatData(initializers[bn.Input[1]]), FloatData(initializers[bn.Input[2]]), FloatData(initializers[bn.Input[3]]), FloatData(initializers[bn.Input[4]]));
            var weights = FloatData(weightTensor);
            var channels = gamma.Length;
            var inner = weights.Length / channels;
            var bias = conv.Input.Count > 2 ? FloatData(initializers[conv.Input[2]]) : new float[channels];
            var newWeights = new float[weights.Length];
            var newBias = new float[channels];
            for (var c = 0; c < channels; c++)
            {
                var factor = gamma[c] / MathF.Sqrt(variance[c] + epsilon);
                for (var i = 0; i < inner; i++)
                    newWeights[(c * inner) + i] = weights[(c * inner) + i] * factor;
                newBias[c] = ((bias[c] - mean[c]) * factor) + beta[c];
            }
            var weightName = conv.Input[1] + "_folded";
            var biasName = conv.Input[1] + "_folded_bias";
            graph.Initializer.Add(Floats(weightName, newWeights, weightTensor.Dims.ToArray()));
            graph.Initializer.Add(Floats(biasName, newBias, channels));
            conv.Input[1] = weightName;
            if (conv.Input.Count > 2)
                conv.Input[2] = biasName;
            else
                conv.Input.Add(biasName);
            conv.Output[0] = bn.Output[0];
            removed.Add(bn);
        }
        var kept = graph.Node.Where(n => !removed.Contains(n)).ToList();
        graph.Node.Clear();
        graph.Node.Add(kept);
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet();
        foreach (var unused in graph.Initializer.Where(t => !used.Contains(t.Name)).ToList())
            graph.Initializer.Remove(unused);
    }

    /// <summary>
    /// Raises an older graph to opset 13, rewriting the few operators whose form changed on the way that such
    /// models use; anything else that changed is refused with its name rather than silently misread.
    /// </summary>
    private static void UpgradeOpset(ModelProto model)
    {
        var domain = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (domain is null || domain.Version >= MinOpset)
            return;
        string[] unchanged = ["Conv", "Relu", "Add", "Sub", "Mul", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Concat", "Gemm", "Softmax", "Split", "BatchNormalization"];
        foreach (var node in model.Graph.Node)
        {
            if (!unchanged.Contains(node.OpType))
                throw new InvalidDataException($"quantizing needs opset {MinOpset}; this model is opset {domain.Version} and uses {node.OpType}: export it again with opset_version={MinOpset} or later");
            if (node.OpType == "Split" && node.Attribute.FirstOrDefault(a => a.Name == "split") is { } split)
            {
                // Opset 13 moved 'split' from an attribute to an input.
                node.Attribute.Remove(split);
                var sizes = new TensorProto { Name = node.Output[0] + "_split_sizes", DataType = (int)TensorProto.Types.DataType.Int64 };
                sizes.Dims.Add(split.Ints.Count);
                sizes.Int64Data.Add(split.Ints);
                model.Graph.Initializer.Add(sizes);
                node.Input.Add(sizes.Name);
            }
            if (node.OpType == "BatchNormalization" && node.Attribute.FirstOrDefault(a => a.Name == "spatial") is { } spatial)
                node.Attribute.Remove(spatial);
            if (node.OpType == "Softmax" && node.Attribute.FirstOrDefault(a => a.Name == "axis") is not { I: 1 } && node.Attribute.All(a => a.Name != "axis" || a.I != -1))
                throw new InvalidDataException("quantizing needs opset 13; this model's Softmax would change meaning on the way: export it again with opset_version=13 or later");
        }
        domain.Version = MinOpset;
        if (model.IrVersion < 7)
            model.IrVersion = 7;
    }

    private static float[] FloatData(TensorProto tensor)
    {
        if (tensor.DataType != (int)TensorProto.Types.DataType.Float)
            throw new InvalidDataException($"initializer '{tensor.Name}' is not float");
        if (tensor.RawData.Length > 0)
        {
            var values = new float[tensor.RawData.Length / 4];
            Buffer.BlockCopy(tensor.RawData.ToByteArray(), 0, values, 0, tensor.RawData.Length);
            return values;
        }
        return [.. tensor.FloatData];
    }

    private static TensorProto Scalar(string name, float value) =>
        new() { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(BitConverter.GetBytes(value)) };

    private static TensorProto Vector(string name, float[] values) => Floats(name, values, values.Length);

    private static TensorProto Zeros(string name, TensorProto.Types.DataType type, int count, int bytesEach)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(new byte[count * bytesEach]) };
        tensor.Dims.Add(count);
        return tensor;
    }
}
