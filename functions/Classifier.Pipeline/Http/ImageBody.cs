using Classifier.Core.Imaging;
using Classifier.Pipeline.Load;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Classifier.Pipeline.Http;

/// <summary>
/// Reads the image of a request: the raw body (image/*, application/octet-stream or no type) or the
/// multipart/form-data field "image". An oversized body is refused from its Content-Length before a
/// byte is read, and a chunked one as soon as it passes the limit, so a huge upload costs nothing. The
/// bytes go into a <see cref="BodyBuffer"/> that grows as they arrive, within the process's body-byte
/// budget, and the whole body must arrive within a <see cref="Deadline"/> that grows with its length.
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

    /// <summary>
    /// How long a body may take to arrive: 10 s, plus 1 s per 64 KB it declares (or, without a
    /// Content-Length, of the byte limit). A phone on a slow uplink makes it; a client dripping bytes to
    /// hold a connection does not, and is answered 408.
    /// </summary>
    public static TimeSpan Deadline(long bytes) => TimeSpan.FromSeconds(10 + (bytes / (64.0 * 1024)));

    /// <summary>
    /// The image bytes (dispose them when done). A body that cannot be taken is refused with the problem to
    /// answer (<see cref="RequestRefusedException"/>): 415, 413, 400, 408, or 503 when the byte budget is spent.
    /// </summary>
    public static async Task<BodyBuffer> ReadAsync(HttpRequest request, ImageLimits limits, WorkGate gate, CancellationToken cancellation)
    {
        MediaTypeHeaderValue? type = null;
        if (!string.IsNullOrWhiteSpace(request.ContentType) && !MediaTypeHeaderValue.TryParse(request.ContentType, out type))
            throw Refused(Problems.UnsupportedType($"the Content-Type \"{request.ContentType}\" cannot be parsed; {Accepted}"));

        var mediaType = type?.MediaType.Value ?? "application/octet-stream";
        var multipart = mediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        if (!multipart && mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !ImageTypes.Contains(mediaType))
            throw Refused(Problems.UnsupportedType($"unsupported image type {mediaType}; {Accepted}"));
        if (!multipart && !ImageTypes.Contains(mediaType) && !mediaType.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            throw Refused(Problems.UnsupportedType($"unsupported Content-Type {mediaType}; {Accepted}"));
        if (request.ContentLength > limits.MaxBytes + (multipart ? MultipartOverhead : 0))
            throw Refused(TooLarge(request.ContentLength.Value, limits));

        var allowed = Deadline(request.ContentLength ?? limits.MaxBytes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(allowed);
        var body = new BodyBuffer(gate);
        try
        {
            var problem = multipart
                ? await ReadMultipartAsync(request, type!, limits, body, gate.RetryAfterSeconds, deadline.Token)
                : Problem(await body.FillAsync(request.Body, limits.MaxBytes, request.ContentLength, deadline.Token), limits, gate.RetryAfterSeconds);
            return problem is null ? body : throw Refused(problem); // the catch below gives the buffer back
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            body.Dispose();
            throw Refused(Problems.Create(StatusCodes.Status408RequestTimeout,
                $"the body did not arrive within {allowed.TotalSeconds:0} s (10 s plus 1 s per 64 KB of its length)"));
        }
        catch
        {
            body.Dispose();
            throw;
        }
    }

    private static async Task<ApiResult?> ReadMultipartAsync(
        HttpRequest request, MediaTypeHeaderValue type, ImageLimits limits, BodyBuffer body, int retryAfterSeconds, CancellationToken cancellation)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
            return Problems.BadRequest("the multipart/form-data Content-Type has no boundary");

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
                return Problem(await body.FillAsync(section.Body, limits.MaxBytes, declared: null, cancellation), limits, retryAfterSeconds);
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.TooLarge($"the image is over the {Megabytes(limits.MaxBytes)} limit");
        }
        catch (InvalidDataException)
        {
            // A part header that is not a header, a line over the reader's limit: the client's form is broken.
            return Problems.BadRequest("the multipart/form-data body is malformed");
        }
        return Problems.BadRequest($"the multipart/form-data body has no field named '{FieldName}'");
    }

    private static ApiResult? Problem(BodyBuffer.Fill fill, ImageLimits limits, int retryAfterSeconds) => fill switch
    {
        BodyBuffer.Fill.Complete => null,
        BodyBuffer.Fill.TooLarge => Problems.TooLarge($"the image is over the {Megabytes(limits.MaxBytes)} limit"),
        BodyBuffer.Fill.EndedEarly => Problems.BadRequest("the body ended before the length its Content-Length gave"),
        _ => Problems.Busy(retryAfterSeconds),
    };

    private static RequestRefusedException Refused(ApiResult problem) => new(problem);

    private static ApiResult TooLarge(long length, ImageLimits limits) =>
        Problems.TooLarge($"image too large: {Megabytes(length)} (the limit is {Megabytes(limits.MaxBytes)})");

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
