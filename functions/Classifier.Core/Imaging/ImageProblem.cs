namespace Classifier.Core.Imaging;

/// <summary>Why an input is not a usable image. Hosts map these to HTTP statuses (400, 413, 415).</summary>
public enum ImageProblem
{
    /// <summary>No bytes at all.</summary>
    Empty,
    /// <summary>The bytes are not any image format we know.</summary>
    NotAnImage,
    /// <summary>An image format we recognise but do not accept.</summary>
    UnsupportedFormat,
    /// <summary>The file ends before the image does.</summary>
    Truncated,
    /// <summary>The header is fine but the pixel data is damaged.</summary>
    Corrupt,
    /// <summary>More bytes than the limit.</summary>
    TooManyBytes,
    /// <summary>Width times height over the limit (checked from the header, before decoding).</summary>
    TooManyPixels,
    /// <summary>One side many times the other (a 1 x 999,999 strip): nothing a model can read, refused from the header.</summary>
    ExtremeShape,
}
