using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TestSupport;

/// <summary>
/// A loopback TCP proxy in front of a real service that carries what the client sends at a fixed rate, as a
/// slow network to storage would; at rate 0 it accepts connections and never passes anything on (a storage
/// that hangs). Answers come back at full speed. Disposing it closes every connection.
/// </summary>
public sealed class SlowLink : IDisposable
{
    private const int SliceMs = 20;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly int _targetPort;
    private readonly int _bytesPerSecond;

    private SlowLink(int targetPort, int bytesPerSecond)
    {
        _targetPort = targetPort;
        _bytesPerSecond = bytesPerSecond;
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static SlowLink To(int targetPort, int bytesPerSecond) => new(targetPort, bytesPerSecond);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = ServeAsync(client);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                if (_bytesPerSecond == 0)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                using var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                var up = ThrottledCopyAsync(client.GetStream(), server.GetStream());
                var down = server.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
                await Task.WhenAny(up, down);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // a side closed, or the link was disposed
            }
        }
    }

    /// <summary>Passes at most the rate's share of bytes per 20 ms slice, measured against the clock.</summary>
    private async Task ThrottledCopyAsync(Stream from, Stream to)
    {
        var buffer = new byte[Math.Max(1, _bytesPerSecond * SliceMs / 1000)];
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0)
                return;
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            sent += read;
            var due = TimeSpan.FromSeconds((double)sent / _bytesPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
                await Task.Delay(due, _stop.Token);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
