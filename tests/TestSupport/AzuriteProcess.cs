using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TestSupport;

/// <summary>
/// A private Azurite (the repository's pinned node_modules/.bin/azurite) on free loopback ports, in memory or,
/// for tests that stop and restart storage, in a folder of its own.
/// <c>await using var azurite = await AzuriteProcess.StartAsync();</c>; disposing it kills the process tree.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The one command line for a test Azurite (run.sh's scripts/azurite.sh and package.json say the same).</summary>
    public static IEnumerable<string> Arguments(int blob, int queue, int table, string? location) =>
    [
        "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
        "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
        .. location is null ? new[] { "--inMemoryPersistence" } : ["--location", location],
        "--disableTelemetry",
        // The storage SDK asks for a newer API version than Azurite 3.37 knows.
        "--skipApiVersionCheck", "--silent",
    ];

    /// <summary>Azurite's well-known development account key (public, not a secret).</summary>
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int StartAttempts = 4;

    private readonly StringBuilder _output = new();
    private readonly (int Blob, int Queue, int Table) _ports;
    private readonly string? _location;
    private Process? _process;

    private AzuriteProcess((int Blob, int Queue, int Table) ports, string? location)
    {
        _ports = ports;
        _location = location;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey +
                           $";BlobEndpoint=http://127.0.0.1:{ports.Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports.Queue}/devstoreaccount1" +
                           $";TableEndpoint=http://127.0.0.1:{ports.Table}/devstoreaccount1;";
    }

    /// <summary>An explicit connection string: UseDevelopmentStorage=true would assume the fixed ports 10000-10002.</summary>
    public string ConnectionString { get; }

    public int BlobPort => _ports.Blob;

    /// <summary>The same account with its blob endpoint on another loopback port (a proxy in front of this Azurite).</summary>
    public string ConnectionStringWithBlobPort(int port) =>
        ConnectionString.Replace($"127.0.0.1:{_ports.Blob}/", $"127.0.0.1:{port}/", StringComparison.Ordinal);

    /// <param name="location">A folder to keep the data in, so it survives <see cref="StopAsync"/> and <see cref="StartAgainAsync"/>; null: in memory.</param>
    /// <remarks>
    /// A free port is only free when it is picked: another test host running in parallel (or an outgoing
    /// connection) can take it before Azurite listens, and Azurite then exits. So a start that ends that way
    /// is tried again on fresh ports, a few times, before the error reaches the test.
    /// </remarks>
    public static async Task<AzuriteProcess> StartAsync(string? location = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var azurite = new AzuriteProcess(FreePorts(), location);
            try
            {
                await azurite.StartAgainAsync();
                return azurite;
            }
            catch (AzuriteExitedException) when (attempt < StartAttempts)
            {
                await azurite.DisposeAsync();
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts the process (again) on the same ports and data.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
            throw new InvalidOperationException("Azurite is already running");
        var azurite = Path.Combine(Repository.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
            throw new InvalidOperationException($"{azurite} is missing: run npm ci (test.sh does) first");
        var start = new ProcessStartInfo(azurite) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in Arguments(_ports.Blob, _ports.Queue, _ports.Table, _location))
            start.ArgumentList.Add(arg);
        _process?.Dispose();
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start Azurite");
        _process.OutputDataReceived += (_, e) => Record(e.Data);
        _process.ErrorDataReceived += (_, e) => Record(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitForPortsAsync(_ports.Blob, _ports.Queue, _ports.Table);
    }

    /// <summary>
    /// Stops the process, as an outage would; the ports stay reserved for <see cref="StartAgainAsync"/>. A folder
    /// store is stopped with TERM, since Azurite writes its metadata to disk only every few seconds and on exit.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
            return;
        if (_location is not null)
        {
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(grace.Token);
                return;
            }
            catch (OperationCanceledException)
            {
                // did not stop in time: kill it below
            }
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
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
                if (_process!.HasExited)
                {
                    _process.WaitForExit(); // drains the redirected output, so the message carries Azurite's own words
                    throw new AzuriteExitedException($"Azurite exited with code {_process.ExitCode}: {Output()}");
                }
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

    /// <summary>Three distinct free loopback ports: all three listeners are held open together while picking.</summary>
    private static (int Blob, int Queue, int Table) FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToArray();
        try
        {
            foreach (var listener in listeners)
                listener.Start();
            var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
            return (ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (var listener in listeners)
                listener.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process?.Dispose();
    }
}
