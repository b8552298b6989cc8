using System.Net;
using Classifier.Pipeline.Load;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;

namespace Pipeline.Tests.Pipeline;

/// <summary>
/// The rate limiter's key for a request as the worker receives it from the Functions host: the host's YARP
/// forwarder sets X-Forwarded-For, -Proto and -Host to what it saw, and the worker's forwarded-headers step has
/// already made the connection's address the forwarded one. Whatever else a client sends must not pick its bucket.
/// </summary>
public sealed class ClientAddressTests
{
    private static readonly IPAddress HostSaw = IPAddress.Parse("203.0.113.7");

    /// <summary>A request with the connection's address as the worker sees it, the host's X-Forwarded-* and the client's own headers.</summary>
    private static DefaultHttpContext Request(IPAddress connection, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = connection;
        context.Request.Headers["X-Forwarded-Proto"] = "https";
        context.Request.Headers["X-Forwarded-Host"] = "app.azurewebsites.net";
        foreach (var (name, value) in headers)
            context.Request.Headers.Append(name, value);
        return context;
    }

    private static RateLimitSettings Settings(params (string Key, string Value)[] values) =>
        RateLimitSettings.From(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void By_default_the_key_is_the_connections_address_whatever_forwarding_headers_the_client_sent()
    {
        var request = Request(HostSaw, ("X-Forwarded-For", "198.51.100.1"), ("X-Azure-ClientIP", "198.51.100.2"), ("X-Client-IP", "198.51.100.3"));
        Assert.Equal(HostSaw, ClientRateLimits.ClientAddress(request, Settings().ClientAddressHeader));
    }

    [Fact]
    public void A_named_header_is_the_key_when_it_holds_one_address_and_the_connection_otherwise()
    {
        var header = Settings(("RateLimit:ClientAddressHeader", " X-Azure-ClientIP ")).ClientAddressHeader;
        Assert.Equal("X-Azure-ClientIP", header);

        Assert.Equal(IPAddress.Parse("198.51.100.2"), ClientRateLimits.ClientAddress(Request(HostSaw, ("X-Azure-ClientIP", "198.51.100.2")), header));
        Assert.Equal(IPAddress.Parse("198.51.100.2"), ClientRateLimits.ClientAddress(Request(HostSaw, ("X-Azure-ClientIP", "198.51.100.2:50123")), header));
        Assert.Equal(IPAddress.Parse("2001:db8::5"), ClientRateLimits.ClientAddress(Request(HostSaw, ("X-Azure-ClientIP", "[2001:db8::5]:443")), header));
        // Missing, not an address, or more than one value (a client's own copy beside the front end's): not the front end's word.
        Assert.Equal(HostSaw, ClientRateLimits.ClientAddress(Request(HostSaw), header));
        Assert.Equal(HostSaw, ClientRateLimits.ClientAddress(Request(HostSaw, ("X-Azure-ClientIP", "somebody")), header));
        Assert.Equal(HostSaw, ClientRateLimits.ClientAddress(Request(HostSaw, ("X-Azure-ClientIP", "198.51.100.2"), ("X-Azure-ClientIP", "198.51.100.9")), header));
        Assert.Equal(HostSaw, ClientRateLimits.ClientAddress(Request(HostSaw, ("X-Azure-ClientIP", "198.51.100.2, 198.51.100.9")), header));
    }

    [Fact]
    public void Loopback_is_exempt_only_while_the_setting_says_so()
    {
        using var exempting = new ClientRateLimits(Settings(("RateLimit:Burst", "1")));
        using var limiting = new ClientRateLimits(Settings(("RateLimit:Burst", "1"), ("RateLimit:ExemptLoopback", "false")));
        var local = Request(IPAddress.Loopback, ("X-Forwarded-For", "198.51.100.1"));

        Assert.Equal("unlimited", exempting.Partition(local).PartitionKey);
        Assert.Equal("127.0.0.1", limiting.Partition(local).PartitionKey);
        Assert.Equal("203.0.113.7", limiting.Partition(Request(HostSaw)).PartitionKey);
    }
}
