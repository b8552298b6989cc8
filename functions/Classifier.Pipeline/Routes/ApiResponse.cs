namespace Classifier.Pipeline.Routes;

/// <summary>One answer a route can give: its status, the record its body is (null: no schema) and its content type.</summary>
public sealed record ApiResponse(int Status, Type? Body, string ContentType)
{
    public const string Json = "application/json";
    public const string ProblemJson = "application/problem+json";

    public static ApiResponse Ok<T>(int status = 200) => new(status, typeof(T), Json);

    /// <summary>A problem+json answer (RFC 9457) with this status.</summary>
    public static ApiResponse Problem(int status) => new(status, typeof(ProblemBody), ProblemJson);
}
