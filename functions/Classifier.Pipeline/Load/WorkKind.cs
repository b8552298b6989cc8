namespace Classifier.Pipeline.Load;

/// <summary>What the <see cref="WorkGate"/> measures out.</summary>
public enum WorkKind
{
    /// <summary>Bytes of request bodies held in memory, reserved as the buffers grow.</summary>
    BodyBytes,
    /// <summary>Decoded pixels in memory: what an image costs once the codec has opened it.</summary>
    Pixels,
}
