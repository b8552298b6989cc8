using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TestSupport.FunctionsHost;

/// <summary>The host's gRPC server (Grpc.AspNetCore on Kestrel, HTTP/2 without TLS) on a free 127.0.0.1 port.</summary>
internal sealed class HostRpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private HostRpcServer(WebApplication app, WorkerStream stream, Uri address)
    {
        _app = app;
        Stream = stream;
        Address = address;
    }

    public WorkerStream Stream { get; }

    /// <summary>What the worker gets as --functions-uri.</summary>
    public Uri Address { get; }

    public static async Task<HostRpcServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = null);
        var stream = new WorkerStream();
        builder.Services.AddSingleton(stream);
        var app = builder.Build();
        app.MapGrpcService<HostRpcService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new HostRpcServer(app, stream, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
