using Classifier.Pipeline.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Classifier.Pipeline.Http;

/// <summary>
/// An upload's blob name as a route gives it (the result poll and the review routes): one path segment that may
/// hold virtual folders with their slashes encoded (<c>phone%2Fcat.png</c>), since the blob trigger takes any
/// name in uploads/. Each folder and the file name must pass <see cref="BlobNames.UploadPath"/>.
/// </summary>
public static class RoutedUploadName
{
    /// <summary>The blob name, or <see cref="RequestRefusedException"/> with a 400 saying why it is not one.</summary>
    public static string Of(HttpRequest request, string? routed)
    {
        // The server decodes %25 to '%' before routing binds the name: a %25 in the raw target means it was encoded twice.
        if (request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget is { } raw && raw.Contains("%25", StringComparison.Ordinal))
            throw new RequestRefusedException(Problems.BadRequest("invalid upload name: the name is encoded twice (a percent sign)"));
        var (name, why) = BlobNames.UploadPath(routed);
        return why is null ? name! : throw new RequestRefusedException(Problems.BadRequest($"invalid upload name: {why}"));
    }
}
