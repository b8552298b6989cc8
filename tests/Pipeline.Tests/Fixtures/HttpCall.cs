using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace Pipeline.Tests.Fixtures;

/// <summary>A request as the Functions host hands it to a function (a DefaultHttpContext), and what the function answered.</summary>
public static class HttpCall
{
    public static DefaultHttpContext Request(string method, string path, byte[]? body = null, string? contentType = null, IServiceProvider? services = null)
    {
        var context = new DefaultHttpContext();
        var (pathOnly, query) = path.Split('?') is [var p, var q] ? (p, "?" + q) : (path, "");
        context.Request.Method = method;
        context.Request.Path = pathOnly;
        context.Request.QueryString = new QueryString(query);
        if (body is not null)
        {
            context.Request.Body = new MemoryStream(body);
            context.Request.ContentLength = body.Length;
        }
        context.Request.ContentType = contentType;
        context.Response.Body = new MemoryStream();
        if (services is not null)
            context.RequestServices = services;
        return context;
    }

    /// <summary>Runs the result the way the host does and reads back the response.</summary>
    public static async Task<Answer> ExecuteAsync(HttpContext context, IActionResult result)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        return new Answer(context.Response.StatusCode, context.Response.ContentType ?? "", body, context.Response.Headers);
    }

    public sealed record Answer(int Status, string ContentType, string Body, IHeaderDictionary Headers)
    {
        public JsonElement Json => JsonDocument.Parse(Body).RootElement;

        public bool IsProblem => ContentType.StartsWith("application/problem+json", StringComparison.Ordinal);

        public string Detail => Json.GetProperty("detail").GetString() ?? "";
    }
}
