using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TestSupport;

/// <summary>
/// A private Azurite (the repository's pinned node_modules/.bin/azurite) on free loopback ports, in memory.
/// <c>await using var azurite = await AzuriteProcess.StartAsync();</c>; disposing it kills the process tree.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AzuriteProcess(Process process, string connectionString)
    {
        _process = process;
        ConnectionString = connectionString;
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>An explicit connection string: UseDevelopmentStorage=true would assume the fixed ports 10000-10002.</summary>
    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync()
    {
        var azurite = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
            throw new InvalidOperationException($"{azurite} is missing: run npm ci (test.sh does) first");
        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
                 {
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{table}", "--inMemoryPersistence", "--disableTelemetry",
                     // The storage SDK asks for a newer API version than Azurite 3.37 knows.
                     "--skipApiVersionCheck", "--silent",
                 })
        {
            start.ArgumentList.Add(arg);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Azurite");
        var connectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey +
                               $";BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1" +
                               $";TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
        var azuriteProcess = new AzuriteProcess(process, connectionString);
        try
        {
            await azuriteProcess.WaitForPortsAsync(blob, queue, table);
            return azuriteProcess;
        }
        catch
        {
            await azuriteProcess.DisposeAsync();
            throw;
        }
    }

    private void Record(string? line)
    {
        lock (_output)
            _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }

    private async Task WaitForPortsAsync(params int[] ports)
    {
        var elapsed = Stopwatch.StartNew();
        foreach (var port in ports)
        {
            while (true)
            {
                if (_process.HasExited)
                    throw new InvalidOperationException("Azurite exited: " + Output());
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    break;
                }
                catch (SocketException) when (elapsed.Elapsed < StartTimeout)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
