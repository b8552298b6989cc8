using Classifier.Core.Imaging;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Classifier.Pipeline.Http;

/// <summary>
/// Reads the image of a request: the raw body (image/*, application/octet-stream or no type) or the
/// multipart/form-data field "image". An oversized body is refused from its Content-Length before a
/// byte is read, and a chunked one as soon as it passes the limit, so a huge upload costs nothing.
/// </summary>
public static class ImageBody
{
    public const string FieldName = "image";

    /// <summary>Room for the multipart boundaries and part headers around the image.</summary>
    private const long MultipartOverhead = 64 * 1024;

    private static readonly HashSet<string> ImageTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "image/jpeg", "image/jpg", "image/pjpeg", "image/png", "image/webp", "image/gif", "image/bmp", "image/x-bmp", "image/x-ms-bmp",
    };

    private const string Accepted = "send JPEG, PNG, WebP, GIF or BMP bytes as the body (Content-Type image/*) " +
                                    "or as the field 'image' of a multipart/form-data form";

    /// <summary>The image bytes, or the problem to answer with instead.</summary>
    public static async Task<(byte[]? Bytes, ApiResult? Problem)> ReadAsync(HttpRequest request, ImageLimits limits, CancellationToken cancellation)
    {
        MediaTypeHeaderValue? type = null;
        if (!string.IsNullOrWhiteSpace(request.ContentType) && !MediaTypeHeaderValue.TryParse(request.ContentType, out type))
            return (null, Problems.UnsupportedType($"the Content-Type \"{request.ContentType}\" cannot be parsed; {Accepted}"));

        var mediaType = type?.MediaType.Value ?? "application/octet-stream";
        if (mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return await ReadMultipartAsync(request, type!, limits, cancellation);
        if (mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !ImageTypes.Contains(mediaType))
            return (null, Problems.UnsupportedType($"unsupported image type {mediaType}; {Accepted}"));
        if (!ImageTypes.Contains(mediaType) && !mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return (null, Problems.UnsupportedType($"unsupported Content-Type {mediaType}; {Accepted}"));

        if (request.ContentLength > limits.MaxBytes)
            return (null, TooLarge(request.ContentLength.Value, limits));
        if (request.ContentLength is { } length)
            return await ReadExactlyAsync(request.Body, (int)length, cancellation);
        return await ReadLimitedAsync(request.Body, limits, cancellation);
    }

    private static async Task<(byte[]? Bytes, ApiResult? Problem)> ReadMultipartAsync(
        HttpRequest request, MediaTypeHeaderValue type, ImageLimits limits, CancellationToken cancellation)
    {
        if (request.ContentLength > limits.MaxBytes + MultipartOverhead)
            return (null, TooLarge(request.ContentLength.Value, limits));
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return (null, Problems.BadRequest("the multipart/form-data Content-Type has no boundary"));

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = limits.MaxBytes + 1 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellation) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, FieldName, StringComparison.Ordinal))
                {
                    continue; // other fields are skipped; the reader drains them within the same limit
                }
                return await ReadLimitedAsync(section.Body, limits, cancellation);
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.TooLarge($"the image is over the {Megabytes(limits.MaxBytes)} limit"));
        }
        catch (InvalidDataException)
        {
            // A part header that is not a header, a line over the reader's limit: the client's form is broken.
            return (null, Problems.BadRequest("the multipart/form-data body is malformed"));
        }
        return (null, Problems.BadRequest($"the multipart/form-data body has no field named '{FieldName}'"));
    }

    /// <summary>
    /// A body of known length (checked against the limit already) goes straight into one array of that size:
    /// no growing buffer and no copy, so a 20 MB body costs 20 MB while it is held.
    /// </summary>
    private static async Task<(byte[]? Bytes, ApiResult? Problem)> ReadExactlyAsync(Stream body, int length, CancellationToken cancellation)
    {
        LargeBodies.Allocating(length);
        var bytes = GC.AllocateUninitializedArray<byte>(length);
        try
        {
            await body.ReadExactlyAsync(bytes, cancellation);
        }
        catch (EndOfStreamException)
        {
            return (null, Problems.BadRequest("the body ended before the length its Content-Length gave"));
        }
        return (bytes, null);
    }

    /// <summary>Reads at most MaxBytes; one byte more and the rest of the body is left unread.</summary>
    private static async Task<(byte[]? Bytes, ApiResult? Problem)> ReadLimitedAsync(Stream body, ImageLimits limits, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > limits.MaxBytes)
                return (null, Problems.TooLarge($"the image is over the {Megabytes(limits.MaxBytes)} limit"));
            buffer.Write(chunk, 0, read);
        }
        LargeBodies.Allocating(buffer.Length);
        return (buffer.ToArray(), null);
    }

    private static ApiResult TooLarge(long length, ImageLimits limits) =>
        Problems.TooLarge($"image too large: {Megabytes(length)} (the limit is {Megabytes(limits.MaxBytes)})");

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
