using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Classifier.Pipeline.Http;

/// <summary>
/// A finished response: status, content type, body and a few headers. It is both an ASP.NET Core
/// <see cref="IResult"/> (the runner's minimal API) and an MVC <see cref="IActionResult"/> (what
/// Functions' ASP.NET Core integration returns), so both hosts send byte-identical answers.
/// </summary>
public sealed class ApiResult(int status, string contentType, string body, IReadOnlyDictionary<string, string>? headers = null)
    : IResult, IActionResult
{
    public const string Json = "application/json; charset=utf-8";
    public const string ProblemJson = "application/problem+json; charset=utf-8";

    public int Status { get; } = status;
    public string ContentType { get; } = contentType;
    public string Body { get; } = body;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-store";
        foreach (var (name, value) in Headers)
            response.Headers[name] = value;
        var bytes = Encoding.UTF8.GetBytes(Body);
        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }

    public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);
}
