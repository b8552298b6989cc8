using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Site.Tests.EndToEnd;

/// <summary>
/// Kestrel on 127.0.0.1 with a free port, serving a built site folder; optionally with test-only
/// API routes mapped in front of the files.
/// </summary>
public sealed class StaticSiteServer : ISiteServer
{
    private readonly WebApplication app;

    private StaticSiteServer(WebApplication app, Uri baseAddress, bool servesApi)
    {
        this.app = app;
        BaseAddress = baseAddress;
        ServesApi = servesApi;
    }

    public Uri BaseAddress { get; }

    public bool ServesApi { get; }

    public static async Task<StaticSiteServer> StartAsync(string siteRoot, Action<WebApplication>? mapApi = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        mapApi?.Invoke(app);
        var files = new PhysicalFileProvider(siteRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StaticSiteServer(app, new Uri(address + "/"), servesApi: mapApi is not null);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
