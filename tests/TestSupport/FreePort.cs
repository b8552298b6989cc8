using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>A loopback port nobody listens on now, for a server a test starts as its own process.</summary>
public static class FreePort
{
    public static int Pick()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
