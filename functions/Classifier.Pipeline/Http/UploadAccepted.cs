using System.Text.Json.Serialization;

namespace Classifier.Pipeline.Http;

/// <summary>POST /api/uploads' 202 body, and GET /api/predictions/{name}'s while the result is not there yet.</summary>
public sealed record UploadAccepted(string Name, string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Location)
{
    public const string Pending = "pending";
}
