using Classifier.Core.Model;
using Google.Protobuf;
using Onnx;

namespace Classifier.Tests;

/// <summary>
/// A user's own model in miniature: NCHW input -> global average pool -> linear layer -> logits,
/// scoring "dark" against "bright". Built with the ONNX protobuf types, as an exporter would write it.
/// With <c>features</c>, the pooled channel means are a second output named in the card, as a trained head's
/// backbone features would be.
/// </summary>
internal static class TinyOnnxModel
{
    public static string WritePackage(string directory, int? fixedBatch = null, string inputName = "input", IReadOnlyList<string>? labels = null,
        int size = 8, int? cardWidth = null, bool features = false)
    {
        Directory.CreateDirectory(directory);
        var graph = new GraphProto { Name = "tiny" };
        graph.Node.Add(Node("GlobalAveragePool", ["input"], ["pooled"]));
        graph.Node.Add(Node("Flatten", ["pooled"], ["flat"]));
        var gemm = Node("Gemm", ["flat", "w", "b"], ["logits"]);
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Node.Add(gemm);
        // Brightness is the mean of the three normalised channels: "bright" scores it, "dark" scores its opposite.
        graph.Initializer.Add(Floats("w", [-1, -1, -1, 1, 1, 1], 2, 3));
        graph.Initializer.Add(Floats("b", [0, 0], 2));
        graph.Input.Add(Value("input", fixedBatch, 3, size, size));
        graph.Output.Add(Value("logits", fixedBatch, 2));
        if (features)
            graph.Output.Add(Value("flat", fixedBatch, 3));
        var model = new ModelProto { IrVersion = 7, Graph = graph, ProducerName = "test" };
        model.OpsetImport.Add(new OperatorSetIdProto { Version = 13 });
        File.WriteAllBytes(Path.Combine(directory, ModelPackage.OnnxFileName), model.ToByteArray());

        var card = new ModelCard
        {
            Name = "tiny-brightness",
            Version = "0.0.1",
            Labels = labels ?? ["dark", "bright"],
            Input = new ModelInput
            {
                Name = inputName,
                Width = cardWidth ?? size,
                Height = size,
                PixelScale = 1f / 255f,
                Mean = [0.5f, 0.5f, 0.5f],
                Std = [0.5f, 0.5f, 0.5f],
            },
            Output = new ModelOutput { Name = "logits", Kind = OutputKind.Logits, Features = features ? "flat" : null },
            Resize = ResizeMethod.Crop,
            MinConfidence = 0.7f,
        };
        File.WriteAllText(Path.Combine(directory, ModelPackage.CardFileName), card.ToJson());
        return directory;
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs)
    {
        var node = new NodeProto { OpType = op, Name = op };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        return node;
    }

    private static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        tensor.FloatData.Add(values);
        return tensor;
    }

    private static ValueInfoProto Value(string name, int? batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(batch is { } b ? new TensorShapeProto.Types.Dimension { DimValue = b } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
