using Microsoft.AspNetCore.Http;

namespace Classifier.Pipeline.Http;

/// <summary>A small JSON body read with a cap, so an operator route never buffers more than it needs.</summary>
public static class SmallJsonBody
{
    /// <summary>Whether the request says it carries JSON (a cross-site form cannot, without a preflight).</summary>
    public static bool IsJson(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The body's bytes; over <paramref name="maxBytes"/>, a <see cref="RequestRefusedException"/> with a 413
    /// naming <paramref name="expected"/>.
    /// </summary>
    public static async Task<byte[]> ReadAsync(HttpRequest request, int maxBytes, string expected, CancellationToken cancellation)
    {
        if (request.ContentLength > maxBytes)
            throw TooLarge(maxBytes, expected);
        using var buffer = new MemoryStream();
        var chunk = new byte[1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw TooLarge(maxBytes, expected);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static RequestRefusedException TooLarge(int maxBytes, string expected) =>
        new(Problems.TooLarge($"the body is over {maxBytes} bytes; {expected}"));
}
