using Google.Protobuf;
using Onnx;

namespace Classifier.Core.DefaultModel;

/// <summary>
/// Merges preprocessing + ResNet18 backbone (+ an optional linear head and softmax) into one ONNX graph
/// with a symbolic batch dimension. Input "image": float [N,3,224,224], RGB 0..255.
/// Outputs "features" [N,512] and, with a head, "probabilities" [N,classes].
/// </summary>
public static class ModelAssembler
{
    public const string InputName = "image";
    public const string FeaturesName = "features";
    public const string ProbabilitiesName = "probabilities";

    public static void Build(BackboneParts parts, LinearHead? head, string outputPath)
    {
        var prep = ModelProto.Parser.ParseFrom(File.ReadAllBytes(parts.PreprocessPath));
        var backbone = ModelProto.Parser.ParseFrom(File.ReadAllBytes(parts.BackbonePath));
        var prepIn = prep.Graph.Input.Single().Name;
        var prepOut = prep.Graph.Output.Single().Name;
        var backboneIn = backbone.Graph.Input.Single(i => backbone.Graph.Initializer.All(t => t.Name != i.Name)).Name;
        var pooled = backbone.Graph.Output.Single().Name;

        var graph = new GraphProto { Name = "resnet18-classifier" };
        // Rewire names so the three pieces form one chain: image -> prep -> backbone -> flatten (-> head).
        string Rename(string name) => name == prepIn ? InputName : name == backboneIn ? prepOut : name;
        foreach (var node in prep.Graph.Node.Concat(backbone.Graph.Node))
        {
            var copy = node.Clone();
            for (var i = 0; i < copy.Input.Count; i++)
                copy.Input[i] = Rename(copy.Input[i]);
            graph.Node.Add(copy);
        }
        graph.Initializer.Add(prep.Graph.Initializer);
        graph.Initializer.Add(backbone.Graph.Initializer);

        graph.Node.Add(Node("Flatten", [pooled], [FeaturesName], Attr("axis", 1)));
        graph.Input.Add(Tensor(InputName, "N", 3, BackboneParts.InputSize, BackboneParts.InputSize));
        graph.Output.Add(Tensor(FeaturesName, "N", BackboneParts.FeatureCount));

        if (head is not null)
        {
            if (head.Features != BackboneParts.FeatureCount)
                throw new ArgumentException($"the head expects {head.Features} features; the backbone gives {BackboneParts.FeatureCount}", nameof(head));
            graph.Initializer.Add(Floats("head_weight", head.Weights.SelectMany(w => w).ToArray(), head.Labels.Count, head.Features));
            graph.Initializer.Add(Floats("head_bias", head.Bias, head.Labels.Count));
            graph.Node.Add(Node("Gemm", [FeaturesName, "head_weight", "head_bias"], ["logits"], Attr("transB", 1)));
            graph.Node.Add(Node("Softmax", ["logits"], [ProbabilitiesName], Attr("axis", 1)));
            graph.Output.Add(Tensor(ProbabilitiesName, "N", head.Labels.Count));
        }

        var model = new ModelProto
        {
            // IR 4+ lets initializers stay out of the graph inputs, so they are constants, not overridable inputs.
            IrVersion = 7,
            ProducerName = "classifier",
            Graph = graph,
        };
        model.OpsetImport.Add(backbone.OpsetImport);

        var directory = Path.GetDirectoryName(Path.GetFullPath(outputPath))!;
        Directory.CreateDirectory(directory);
        // Write beside the target and move into place, so a reader never sees half a model.
        var temp = Path.Combine(directory, $".{Path.GetFileName(outputPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        using (var file = File.Create(temp))
            model.WriteTo(file);
        File.Move(temp, outputPath, overwrite: true);
    }

    private static NodeProto Node(string op, string[] inputs, string[] outputs, AttributeProto attribute)
    {
        var node = new NodeProto { OpType = op, Name = $"{op}_{outputs[0]}" };
        node.Input.Add(inputs);
        node.Output.Add(outputs);
        node.Attribute.Add(attribute);
        return node;
    }

    private static AttributeProto Attr(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static TensorProto Floats(string name, float[] values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        var bytes = new byte[values.Length * sizeof(float)];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        tensor.RawData = ByteString.CopyFrom(bytes);
        return tensor;
    }

    private static ValueInfoProto Tensor(string name, string batch, params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = batch });
        foreach (var d in dims)
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }
}
