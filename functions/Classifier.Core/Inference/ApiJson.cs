using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Classifier.Core.Inference;

/// <summary>
/// The one set of JSON conventions for everything the product writes or reads over the API, in result
/// blobs and on the CLI: camelCase names, enum values in kebab case ("out-of-domain"), quotes and
/// apostrophes left readable (the bodies are JSON, never HTML). Null fields are written; the few that a
/// contract says are absent when empty (a prediction's outOfDomain, say) carry their own
/// <see cref="JsonIgnoreAttribute"/>. Model files (card, manifest, head) keep their own stricter options.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // Set up front so the OpenAPI document can export schemas with these options before any body is written.
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>The same JSON, indented for people: the OpenAPI document, the CLI's answers.</summary>
    public static string Indented<T>(T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = Options.Encoder }))
        {
            JsonSerializer.Serialize(writer, value, Options);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
