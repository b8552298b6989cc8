using System.Text.Json.Nodes;

namespace SiteBuilder;

/// <summary>
/// The deployed site's headers (Azure Static Web Apps reads staticwebapp.config.json at the site's root):
/// web/site's copy, with the API's origin added to the CSP's connect-src when the API lives elsewhere.
/// </summary>
public static class StaticWebAppConfig
{
    public const string FileName = "staticwebapp.config.json";

    public static void Write(string assetsDir, string outDir, string apiBase)
    {
        var source = Path.Combine(assetsDir, FileName);
        if (!File.Exists(source))
            return;
        var config = JsonNode.Parse(File.ReadAllText(source))!;
        var headers = config["globalHeaders"]!.AsObject();
        var policy = headers["Content-Security-Policy"]!.GetValue<string>();
        if (Uri.TryCreate(apiBase, UriKind.Absolute, out var api) && api.Scheme is "https" or "http")
            policy = policy.Replace("connect-src 'self'", $"connect-src 'self' {api.GetLeftPart(UriPartial.Authority)}", StringComparison.Ordinal);
        headers["Content-Security-Policy"] = policy;
        File.WriteAllText(Path.Combine(outDir, FileName), config.ToJsonString(new() { WriteIndented = true }) + "\n");
    }
}
