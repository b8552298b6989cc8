using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Classifier.Core.Benchmarking;

namespace Classifier.Cli.Commands;

/// <summary>
/// The serving half of <c>classifier bench --runner DLL</c>: POST /api/predict on a local runner process
/// (started from that DLL, storage-less, with the same model, precision and threads as the stage bench),
/// its ratio to one raw session run, and the cold start of fresh runner processes (start to first answer).
/// The runner only hosts; timing it from outside is this tool's job.
/// </summary>
internal sealed class ServingBench(string runnerDll, IReadOnlyDictionary<string, string> environment)
{
    public const double RatioTarget = 1.3;
    public const double ColdStartTargetMs = 600; // the cold-start target of docs/performance.md
    public const int ColdStarts = 5;

    /// <summary>The median of <paramref name="runs"/> predictions over one kept-alive connection, after five to warm up.</summary>
    public async Task<double> PredictMedianMsAsync(byte[] jpeg, int runs)
    {
        await using var runner = Start();
        using var http = Client(runner.Port);
        await WaitForFirstAnswerAsync(runner, http, jpeg);
        for (var i = 0; i < 5; i++)
            await PredictAsync(http, jpeg);
        return await Benchmark.MedianMsAsync(runs, () => PredictAsync(http, jpeg));
    }

    /// <summary>Start-to-first-prediction of <see cref="ColdStarts"/> fresh processes: one start on a shared machine says little.</summary>
    public async Task<IReadOnlyList<double>> ColdStartsMsAsync(byte[] jpeg)
    {
        var colds = new List<double>();
        for (var i = 0; i < ColdStarts; i++)
        {
            var clock = Stopwatch.StartNew();
            await using var runner = Start();
            using var http = Client(runner.Port);
            await WaitForFirstAnswerAsync(runner, http, jpeg);
            colds.Add(clock.Elapsed.TotalMilliseconds);
        }
        return colds;
    }

    public static string Milliseconds(IEnumerable<double> values) =>
        string.Join(", ", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));

    private RunnerProcess Start()
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { runnerDll, "serve", "--port", port.ToString(CultureInfo.InvariantCulture), "--no-storage" })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("AzureWebJobsStorage"); // storage-less: the figures must not depend on what sits in storage
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {runnerDll}");
        // The runner's own warnings and errors are part of the result: pass them on, drop the rest of its log.
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && (text.StartsWith("warn:", StringComparison.Ordinal) || text.StartsWith("fail:", StringComparison.Ordinal) || text.StartsWith("crit:", StringComparison.Ordinal)))
                Console.Error.WriteLine($"runner: {text}");
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (!string.IsNullOrWhiteSpace(line.Data))
                Console.Error.WriteLine($"runner: {line.Data}");
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new RunnerProcess(process, port);
    }

    private static HttpClient Client(int port) =>
        new() { BaseAddress = new Uri($"http://127.0.0.1:{port}/api/"), Timeout = TimeSpan.FromSeconds(30) };

    private static async Task WaitForFirstAnswerAsync(RunnerProcess runner, HttpClient http, byte[] jpeg)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60) && !runner.Process.HasExited)
        {
            try
            {
                await PredictAsync(http, jpeg);
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20);
            }
        }
        throw new InvalidOperationException(runner.Process.HasExited
            ? $"the runner exited with code {runner.Process.ExitCode} before answering a prediction"
            : "the runner did not answer a prediction within 60 s");
    }

    private static async Task PredictAsync(HttpClient http, byte[] jpeg)
    {
        using var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await http.PostAsync("predict", content);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A runner child process, killed (with anything it started) when the measure is done or fails.</summary>
    private sealed record RunnerProcess(Process Process, int Port) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (!Process.HasExited)
                Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
            Process.Dispose();
        }
    }
}
