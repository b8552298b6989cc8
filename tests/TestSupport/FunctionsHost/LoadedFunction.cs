using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;
using TestSupport.FunctionsHost.Rpc;

namespace TestSupport.FunctionsHost;

/// <summary>
/// One function as the worker's own metadata describes it, with what a host derives from it: the
/// bindings map of its FunctionLoadRequest and, for an HTTP trigger, the route and methods it answers.
/// </summary>
internal sealed class LoadedFunction
{
    private readonly TemplateMatcher? _route;
    private readonly HashSet<string> _methods = new(StringComparer.OrdinalIgnoreCase);

    public LoadedFunction(RpcFunctionMetadata metadata, string routePrefix)
    {
        Metadata = metadata.Clone();
        Metadata.FunctionId = metadata.FunctionId.Length > 0 ? metadata.FunctionId : Guid.NewGuid().ToString();
        Metadata.Bindings.Clear();
        foreach (var raw in metadata.RawBindings)
        {
            var binding = JsonDocument.Parse(raw).RootElement;
            var name = binding.GetProperty("name").GetString()!;
            var info = new BindingInfo
            {
                Type = binding.GetProperty("type").GetString()!,
                Direction = Enum.Parse<BindingInfo.Types.Direction>(binding.GetProperty("direction").GetString()!, ignoreCase: true),
            };
            if (binding.TryGetProperty("dataType", out var dataType) && dataType.GetString() is { Length: > 0 } data)
                info.DataType = Enum.Parse<BindingInfo.Types.DataType>(data, ignoreCase: true);
            if (binding.TryGetProperty("properties", out var properties))
            {
                foreach (var property in properties.EnumerateObject())
                    info.Properties[property.Name] = property.Value.ToString();
            }
            Metadata.Bindings[name] = info;
            if (info.Direction != BindingInfo.Types.Direction.In || !info.Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
                continue;
            TriggerName = name;
            Trigger = binding.Clone();
        }
        if (TriggerType == "httpTrigger")
        {
            var route = Trigger.TryGetProperty("route", out var r) && r.GetString() is { } text ? text : Metadata.Name;
            _route = new TemplateMatcher(TemplateParser.Parse(string.Join('/', new[] { routePrefix, route }.Where(p => p.Length > 0))), new RouteValueDictionary());
            if (Trigger.TryGetProperty("methods", out var methods))
                _methods.UnionWith(methods.EnumerateArray().Select(m => m.GetString()!));
        }
    }

    /// <summary>The metadata with the host's function id and bindings map: what the FunctionLoadRequest carries.</summary>
    public RpcFunctionMetadata Metadata { get; }

    public string Name => Metadata.Name;

    public string Id => Metadata.FunctionId;

    /// <summary>The trigger binding's parameter name: the invocation's input is named after it.</summary>
    public string TriggerName { get; } = "";

    /// <summary>The trigger binding as written in the raw bindings (type, path or route, methods, auth level).</summary>
    public JsonElement Trigger { get; }

    public string TriggerType => Trigger.ValueKind == JsonValueKind.Object ? Trigger.GetProperty("type").GetString()! : "";

    /// <summary>The route values when this HTTP function answers the method and path (path without its query), else null.</summary>
    public RouteValueDictionary? MatchHttp(string method, string path)
    {
        if (_route is null || (_methods.Count > 0 && !_methods.Contains(method)))
            return null;
        var values = new RouteValueDictionary();
        return _route.TryMatch(path, values) ? values : null;
    }

    /// <summary>The container a blob trigger watches (the first segment of its path), else null.</summary>
    public string? BlobContainer => TriggerType == "blobTrigger" ? Trigger.GetProperty("path").GetString()!.Split('/')[0] : null;

    /// <summary>The queue a queue trigger reads, else null.</summary>
    public string? QueueName => TriggerType == "queueTrigger" ? Trigger.GetProperty("queueName").GetString() : null;
}
