using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Classifier.Core.Inference;
using Classifier.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Classifier.Pipeline.Routes;

/// <summary>
/// The OpenAPI 3.1 document of <see cref="ApiRoutes.All"/>, generated from the table when it is first asked
/// for: both hosts serve the same bytes at GET /api/openapi.json, and nothing has to run at build time.
/// The body records become JSON Schemas (System.Text.Json's exporter) under components/schemas.
/// </summary>
public static class ApiDocument
{

    private static readonly JsonSchemaExporterOptions SchemaOptions = new() { TreatNullObliviousAsNonNullable = true };

    private static readonly Lazy<string> Document = new(() => Write(ApiRoutes.All));

    /// <summary>The document as JSON.</summary>
    public static string Json => Document.Value;

    /// <summary>GET /api/openapi.json's answer on either host.</summary>
    public static ApiResult Result => new(StatusCodes.Status200OK, ApiResult.Json, Json);

    public static string Write(IEnumerable<ApiRoute> routes)
    {
        var schemas = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var paths = new JsonObject();
        foreach (var route in routes)
        {
            foreach (var (name, path, auth, isTwin) in route.Served())
            {
                var key = "/api/" + path;
                if (paths[key] is not JsonObject item)
                    paths[key] = item = new JsonObject();
                item[route.Method.ToLowerInvariant()] = Operation(route, name, path, auth, isTwin, schemas);
            }
        }
        var document = new JsonObject
        {
            ["openapi"] = "3.1.1",
            ["info"] = new JsonObject
            {
                ["title"] = "Serverless image classifier API",
                ["version"] = "1",
                ["description"] = "The same routes on Azure Functions (a function key in x-functions-key or ?code=, except health, model " +
                                  "and the public demo twins; review and stats only with the master key) and on the local runner (no keys). " +
                                  "Errors are RFC 9457 problem+json.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, (JsonNode?)s.Value))),
                ["securitySchemes"] = new JsonObject
                {
                    [SchemeOf(RouteAuth.Function)] = KeyScheme("a function key of the Functions app"),
                    [SchemeOf(RouteAuth.Operator)] = KeyScheme("the Functions host's master key: operator routes only"),
                },
            },
        };
        return ApiJson.Indented(document);
    }

    private static JsonObject Operation(ApiRoute route, string name, string path, RouteAuth auth, bool isTwin, IDictionary<string, JsonNode> schemas)
    {
        var responses = route.Responses.AsEnumerable();
        if (isTwin) // on Azure, 404 while Api__PublicDemo is off
            responses = responses.Append(ApiResponse.Problem(StatusCodes.Status404NotFound));
        if (auth == RouteAuth.Anonymous) // the per-client token buckets
            responses = responses.Append(ApiResponse.Problem(StatusCodes.Status429TooManyRequests));
        var operation = new JsonObject
        {
            ["tags"] = new JsonArray(isTwin ? "public demo" : path.Split('/')[0]),
            ["summary"] = route.Summary,
            ["operationId"] = name,
        };
        if (route.Request is { } body)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject(body.ContentTypes.Select(type =>
                    KeyValuePair.Create(type, (JsonNode?)new JsonObject { ["schema"] = RequestSchema(body, type, schemas) }))),
            };
        }
        operation["responses"] = new JsonObject(responses.DistinctBy(r => r.Status).OrderBy(r => r.Status).Select(response =>
            KeyValuePair.Create(response.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), (JsonNode?)new JsonObject
            {
                ["description"] = ReasonPhrases.GetReasonPhrase(response.Status),
                ["content"] = new JsonObject { [response.ContentType] = new JsonObject { ["schema"] = Schema(response.Body, response.ContentType, schemas) } },
            })));
        if (auth != RouteAuth.Anonymous)
            operation["security"] = new JsonArray(new JsonObject { [SchemeOf(auth)] = new JsonArray() });
        return operation;
    }

    private static JsonNode RequestSchema(ApiRequestBody body, string contentType, IDictionary<string, JsonNode> schemas) =>
        body.Schema is not null ? Reference(body.Schema, schemas)
        : contentType == "multipart/form-data" ? new JsonObject
        {
            ["type"] = "object",
            ["required"] = new JsonArray("image"),
            ["properties"] = new JsonObject { ["image"] = Binary() },
        }
        : Binary();

    private static JsonNode Schema(Type? body, string contentType, IDictionary<string, JsonNode> schemas) =>
        body is not null ? Reference(body, schemas)
        : contentType.StartsWith("image/", StringComparison.Ordinal) ? Binary()
        : new JsonObject { ["type"] = "object" };

    /// <summary>A $ref to the record's schema, added to components/schemas the first time it is used.</summary>
    private static JsonObject Reference(Type type, IDictionary<string, JsonNode> schemas)
    {
        if (!schemas.ContainsKey(type.Name))
            schemas[type.Name] = OptionalWhenNull(ApiJson.Options.GetJsonSchemaAsNode(type, SchemaOptions));
        return new JsonObject { ["$ref"] = "#/components/schemas/" + type.Name };
    }

    /// <summary>Some bodies leave out a null field: a property that may be null is not required.</summary>
    private static JsonNode OptionalWhenNull(JsonNode schema)
    {
        if (schema is JsonObject { } node && node["properties"] is JsonObject properties)
        {
            if (node["required"] is JsonArray required)
            {
                foreach (var name in required.Select(r => r!.GetValue<string>()).ToList())
                {
                    if (properties[name]?["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "null"))
                        required.Remove(required.First(r => r!.GetValue<string>() == name));
                }
            }
            foreach (var (_, property) in properties)
                OptionalWhenNull(property!);
        }
        return schema;
    }

    private static JsonObject Binary() => new() { ["type"] = "string", ["format"] = "binary" };

    /// <summary>The security scheme of a keyed route: a function key, or the operator's master key.</summary>
    private static string SchemeOf(RouteAuth auth) => auth == RouteAuth.Operator ? "operatorKey" : "functionKey";

    private static JsonObject KeyScheme(string description) => new()
    {
        ["type"] = "apiKey",
        ["in"] = "header",
        ["name"] = "x-functions-key",
        ["description"] = description,
    };
}
