namespace Classifier.Core.Model;

/// <summary>Which weights to serve: int8 (quantized, when the package has them) or the float original.</summary>
public enum ModelPrecision
{
    Int8,
    Fp32,
}
