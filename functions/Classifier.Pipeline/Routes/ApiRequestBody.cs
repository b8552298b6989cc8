namespace Classifier.Pipeline.Routes;

/// <summary>What a route reads from its body: the content types it takes, and the record they hold (null: raw bytes).</summary>
public sealed record ApiRequestBody(IReadOnlyList<string> ContentTypes, Type? Schema)
{
    /// <summary>An image as raw bytes of one of these types, or the <c>image</c> field of a multipart form.</summary>
    public static ApiRequestBody Image { get; } = new(
        ["image/jpeg", "image/png", "image/webp", "image/gif", "image/bmp", "application/octet-stream", "multipart/form-data"], null);

    public static ApiRequestBody JsonOf<T>() => new([ApiResponse.Json], typeof(T));
}
