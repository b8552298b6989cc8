using System.Net.Sockets;
using System.Text;

namespace Pipeline.Tests.Fixtures;

/// <summary>
/// A client on a bare socket, for what HttpClient will not do: send headers and a part of the body, then
/// stall (a slow or stuck client), and read the status line the server answers with.
/// </summary>
public sealed class RawHttp(Uri server) : IAsyncDisposable
{
    private readonly TcpClient _client = new();
    private NetworkStream? _stream;

    /// <summary>Sends the request line, the headers and the first bytes of the body.</summary>
    public async Task SendStartAsync(string method, string path, IReadOnlyDictionary<string, string> headers, ReadOnlyMemory<byte> bodyStart)
    {
        await _client.ConnectAsync(server.Host, server.Port);
        _stream = _client.GetStream();
        var head = new StringBuilder($"{method} {path} HTTP/1.1\r\nHost: {server.Authority}\r\n");
        foreach (var (name, value) in headers)
            head.Append($"{name}: {value}\r\n");
        head.Append("\r\n");
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await _stream.WriteAsync(bodyStart);
        await _stream.FlushAsync();
    }

    public async Task SendAsync(ReadOnlyMemory<byte> more) => await _stream!.WriteAsync(more);

    /// <summary>Whether the server has begun to answer, without waiting for it.</summary>
    public bool Answered => _stream!.DataAvailable;

    /// <summary>The status line of the answer ("HTTP/1.1 200 OK").</summary>
    public async Task<string> ReadStatusLineAsync()
    {
        using var reader = new StreamReader(_stream!, Encoding.ASCII, leaveOpen: true);
        return await reader.ReadLineAsync() ?? "";
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
