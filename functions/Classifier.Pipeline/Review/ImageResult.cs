using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Classifier.Pipeline.Review;

/// <summary>
/// An uploaded image sent back as bytes, or the problem that stopped it; for both hosts (an
/// <see cref="IResult"/> and an <see cref="IActionResult"/>, like <see cref="ApiResult"/>).
/// </summary>
public sealed class ImageResult : IResult, IActionResult
{
    private ImageResult(byte[]? bytes, string contentType, ApiResult? problem)
    {
        Bytes = bytes;
        ContentType = contentType;
        Problem = problem;
    }

    public byte[]? Bytes { get; }
    public string ContentType { get; }
    public ApiResult? Problem { get; }

    public static ImageResult Image(byte[] bytes, string contentType) => new(bytes, contentType, null);

    public static ImageResult Failed(ApiResult problem) => new(null, problem.ContentType, problem);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        if (Problem is not null)
        {
            await Problem.ExecuteAsync(httpContext);
            return;
        }
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "private, no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        response.ContentLength = Bytes!.Length;
        await response.Body.WriteAsync(Bytes, httpContext.RequestAborted);
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}
