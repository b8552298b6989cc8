namespace Classifier.Pipeline.Routes;

/// <summary>Who may call a route on Azure. The local runner has no keys: there every route is open.</summary>
public enum RouteAuth
{
    /// <summary>Anyone; such routes are under the per-client rate limit.</summary>
    Anonymous,

    /// <summary>A function key (x-functions-key or ?code=).</summary>
    Function,

    /// <summary>The operator's key: the host's admin level, for routes that change what is served.</summary>
    Operator,
}
