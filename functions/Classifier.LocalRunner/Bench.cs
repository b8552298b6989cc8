using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Classifier.Core.Benchmarking;
using Classifier.Core.Imaging;

namespace Classifier.LocalRunner;

/// <summary>
/// The serving benchmark in one run, for the same 500x500 JPEG: the raw ONNX Runtime time (one session run on
/// the prepared tensor), the core's bytes-to-prediction time, POST /api/predict through Kestrel on
/// loopback, their ratio, and the cold start of a fresh runner process (start to first prediction).
/// Numbers to read, not a test: they depend on the machine and on what else runs on it.
/// `classifier bench` (the CLI) breaks the core's time down further by stage.
/// </summary>
internal static class Bench
{
    private const double RatioTarget = 1.3;
    private const double ColdStartTargetMs = 600; // the cold-start target of docs/performance.md
    private const int ColdStarts = 5;

    public static async Task<int> RunAsync(int runs)
    {
        var jpeg = Benchmark.SampleJpeg(500, 500);
        Console.WriteLine($"bench: 500x500 JPEG ({jpeg.Length / 1024.0:0} KB), {runs} runs per measure, median ms");

        // Several fresh processes, the median: one start on a shared machine says little.
        var colds = new List<double>();
        for (var i = 0; i < ColdStarts; i++)
            colds.Add(await ColdStartAsync(jpeg));
        var coldMs = colds.Order().ElementAt(colds.Count / 2);

        // The built-in (or published) model, so the numbers do not depend on what sits in storage.
        // No storage: nothing is counted, so nothing tries to reach a table service that is not there.
        var options = new RunnerOptions { Port = 0, BlobTrigger = false, StorageConnectionString = null, Settings = new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "" } };
        await using var runner = await LocalRunner.StartAsync(options);
        var classifier = await runner.ClassifierAsync();
        var prepared = classifier.Prepare(ImageDecoder.Decode(jpeg, classifier.Limits));
        classifier.Run([prepared]); // the first run allocates ONNX Runtime's buffers

        var rawMs = Benchmark.MedianMs(runs, () => classifier.Run([prepared]));
        var coreMs = Benchmark.MedianMs(runs, () => classifier.Classify(jpeg));

        using var http = new HttpClient { BaseAddress = runner.ApiBase };
        for (var i = 0; i < 5; i++)
            await PredictAsync(http, jpeg);
        var httpMs = await Benchmark.MedianMsAsync(runs, () => PredictAsync(http, jpeg));

        var ratio = httpMs / rawMs;
        Console.WriteLine($"model                               {classifier.Info.Name} {classifier.Info.Version}");
        Console.WriteLine($"raw ONNX Runtime (one session run)  {rawMs,8:0.00} ms");
        Console.WriteLine($"core classify (decode..top-k)       {coreMs,8:0.00} ms");
        Console.WriteLine($"POST /api/predict end to end        {httpMs,8:0.00} ms");
        Console.WriteLine($"end to end / raw                    {ratio,8:0.00} x   (target <= {RatioTarget:0.0} x: {Verdict(ratio <= RatioTarget)})");
        Console.WriteLine($"cold start (process to prediction)  {coldMs,8:0} ms  (median of {ColdStarts}: {string.Join(", ", colds.Select(c => c.ToString("0", System.Globalization.CultureInfo.InvariantCulture)))}; target <= {ColdStartTargetMs:0} ms: {Verdict(coldMs <= ColdStartTargetMs)})");
        return 0;
    }

    private static string Verdict(bool met) => met ? "met" : "missed";

    private static async Task PredictAsync(HttpClient http, byte[] jpeg)
    {
        using var content = new ByteArrayContent(jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        using var response = await http.PostAsync("predict", content);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>Starts this program as a fresh process (HTTP only) and times it until it answers a prediction.</summary>
    private static async Task<double> ColdStartAsync(byte[] jpeg)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { typeof(Bench).Assembly.Location, "serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--no-storage" })
            start.ArgumentList.Add(arg);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/api/"), Timeout = TimeSpan.FromSeconds(30) };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the runner process");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
            {
                try
                {
                    await PredictAsync(http, jpeg);
                    return clock.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(20);
                }
            }
            throw new InvalidOperationException("the runner process did not answer a prediction within 60 s");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

}
