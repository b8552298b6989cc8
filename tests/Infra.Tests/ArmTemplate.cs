using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Infra.Tests;

/// <summary>
/// A compiled ARM template, read with System.Text.Json. Bicep modules compile to nested
/// Microsoft.Resources/deployments whose template is inlined, so resources are searched through
/// every level and a module can be opened as a template of its own.
/// </summary>
internal sealed partial class ArmTemplate(JsonObject root)
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    public JsonObject Root { get; } = root;

    public JsonObject Parameters => Root["parameters"]?.AsObject() ?? [];

    public JsonObject Outputs => Root["outputs"]?.AsObject() ?? [];

    /// <summary>
    /// The resources this level creates. Templates Bicep emits with languageVersion 2.0 (typed
    /// parameters, for one) hold resources in an object keyed by symbolic name and also list the
    /// `existing` ones they only refer to; those are left out.
    /// </summary>
    public IEnumerable<JsonObject> OwnResources =>
        (Root["resources"] switch
        {
            JsonArray array => array,
            JsonObject symbolic => symbolic.Select(pair => pair.Value),
            _ => throw new InvalidOperationException("Expected resources."),
        })
        .Select(resource => resource!.AsObject())
        .Where(resource => resource["existing"]?.GetValue<bool>() != true);

    /// <summary>The resources at this level and inside every nested deployment.</summary>
    public IEnumerable<JsonObject> AllResources =>
        OwnResources.SelectMany(resource => IsDeployment(resource)
            ? new[] { resource }.Concat(new ArmTemplate(NestedTemplate(resource)).AllResources)
            : [resource]);

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        AllResources.Where(resource => string.Equals(Text(resource["type"]), type, StringComparison.OrdinalIgnoreCase))
            .ToArray();

    public JsonObject SingleResource(string type)
    {
        var matches = ResourcesOfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The nested deployment a Bicep module compiled to, found by the module's deployment name.</summary>
    public JsonObject ModuleDeployment(string name) =>
        OwnResources.SingleOrDefault(resource => IsDeployment(resource) && Text(resource["name"]) == name)
        ?? throw new InvalidOperationException($"No module deployment named '{name}'.");

    public ArmTemplate Module(string name) => new(NestedTemplate(ModuleDeployment(name)));

    /// <summary>The expression or literal the parent passes to a module parameter.</summary>
    public JsonNode? ModuleArgument(string module, string parameter) =>
        ModuleDeployment(module)["properties"]?["parameters"]?[parameter]?["value"];

    public JsonNode? DefaultValue(string parameter) => Parameters[parameter]?["defaultValue"];

    /// <summary>A value with a plain `[variables('x')]` reference replaced by the variable's literal.</summary>
    public string? Resolve(JsonNode? node)
    {
        var text = Text(node);
        var match = text is null ? null : VariableReference().Match(text);
        return match is { Success: true } && Text(Root["variables"]?[match.Groups[1].Value]) is { } literal
            ? literal
            : text;
    }

    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static bool IsDeployment(JsonObject resource) =>
        string.Equals(Text(resource["type"]), DeploymentType, StringComparison.OrdinalIgnoreCase);

    private static JsonObject NestedTemplate(JsonObject deployment) =>
        deployment["properties"]?["template"]?.AsObject()
        ?? throw new InvalidOperationException($"Deployment '{Text(deployment["name"])}' has no inline template.");

    [GeneratedRegex(@"^\[variables\('(\w+)'\)\]$")]
    private static partial Regex VariableReference();
}
