using System.Net.Http.Headers;
using System.Text.Json;

namespace Pipeline.Tests.Fixtures;

/// <summary>What the tests through the Functions worker send and check: image bodies, and "status N with problem+json".</summary>
public static class WorkerAnswers
{
    public static ByteArrayContent Image(byte[] bytes, string type = "image/png")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    /// <summary>Asserts an RFC 9457 answer with this status and a readable detail (no stack trace); returns the detail.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, int status)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        var detail = problem.GetProperty("detail").GetString() ?? "";
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.DoesNotContain("   at ", detail);
        return detail;
    }
}
