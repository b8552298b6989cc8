using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Classifier.Pipeline.Load;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Tests.Fixtures;
using SkiaSharp;

namespace Pipeline.Tests.Runner;

/// <summary>
/// The process's memory is bounded by what requests hold, not by how many there are: decoded pixels from a
/// budget, photos decoded at the size the model needs, and body bytes counted as they arrive, so slow
/// clients hold next to nothing. Each case on the real runner (Kestrel, the built-in model).
/// </summary>
public sealed class MemoryBudgetTests
{
    [Fact]
    public async Task Pixel_bombs_beyond_the_pixel_budget_get_503_with_retry_after_and_none_fails()
    {
        // 40 megapixels from about 100 KB each; the default budget (48 MP) holds one decode of that size.
        var bomb = ShapedPng.Grey(6300, 6300);
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?> { ["Limits:QueueWaitMs"] = "0" });
        using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromMinutes(2) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => http.PostAsync("predict", Png(bomb))));

        try
        {
            Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
            Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
            var busy = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
            Assert.NotEmpty(busy);
            Assert.All(busy, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero));
        }
        finally
        {
            foreach (var answer in answers)
                answer.Dispose();
        }
        using var after = await http.PostAsync("predict", Png(TestImages.Picture(3)));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Phone_sized_photos_are_decoded_at_the_models_size_so_many_fit_where_one_full_decode_would()
    {
        // 3464 x 3464 = 12 MP. Decoded in full, one fills a 12 MP budget and the others, not allowed to wait, get
        // 503; scaled in the codec to 866 x 866 (2/8, the smallest still twice 224), all eight fit at once.
        var photo = TestImages.Picture(7, SKEncodedImageFormat.Jpeg, 3464);
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?>
        {
            ["Classifier:MaxPixels"] = "12000000",
            ["Limits:PixelsInFlight"] = "12000000",
            ["Limits:QueueWaitMs"] = "0",
        });
        using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromMinutes(2) };

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => http.PostAsync("predict", Jpeg(photo))));

        foreach (var answer in answers)
        {
            using (answer)
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }
    }

    [Fact]
    public async Task Slow_bodies_hold_no_budget_and_a_normal_predict_still_answers_while_a_drip_past_its_deadline_gets_408()
    {
        await using var runner = await StorageFreeRunner.StartAsync();
        var path = runner.ApiBase.AbsolutePath + "predict";
        var start = TestImages.Picture(4);
        var drippers = new List<RawHttp>();
        using var stop = new CancellationTokenSource();
        try
        {
            // 16 clients that declare 20 MB and send 250 bytes a second: just above Kestrel's minimum rate, so only
            // the body deadline (10 s + 1 s per 64 KB: 330 s) would end them.
            var drips = new List<Task>();
            for (var i = 0; i < 16; i++)
            {
                var dripper = new RawHttp(runner.ApiBase);
                drippers.Add(dripper);
                await dripper.SendStartAsync("POST", path, Headers(20 * 1024 * 1024), start.AsMemory(0, 25));
                drips.Add(DripAsync(dripper, bytesPerSecond: 250, stop.Token));
            }
            // One that declares 4 KB and sends 300 bytes a second would need 13.7 s; its deadline is 10.06 s.
            var late = new RawHttp(runner.ApiBase);
            drippers.Add(late);
            var clock = Stopwatch.StartNew();
            await late.SendStartAsync("POST", path, Headers(4096), start.AsMemory(0, 30));
            drips.Add(DripAsync(late, bytesPerSecond: 300, stop.Token));

            using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromSeconds(30) };
            using var normal = await http.PostAsync("predict", Png(TestImages.Picture(5)));
            Assert.Equal(HttpStatusCode.OK, normal.StatusCode);

            var status = await late.ReadStatusLineAsync();
            Assert.Equal("HTTP/1.1 408 Request Timeout", status);
            Assert.InRange(clock.Elapsed.TotalSeconds, 9.5, 13.5);
            // The 20 MB drips began first: a deadline that did not grow with the declared length would have ended them too.
            Assert.All(drippers.Take(16), d => Assert.False(d.Answered, "a 20 MB body was cut off by the 4 KB body's deadline"));
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var dripper in drippers)
                await dripper.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_decode_that_finds_the_pixel_budget_spent_waits_for_its_share_and_gets_503_with_retry_after_only_once_the_wait_is_over()
    {
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?> { ["Limits:QueueWaitMs"] = "1500" });
        using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromSeconds(60) };
        var gate = runner.Services.GetRequiredService<WorkGate>();
        var image = TestImages.Picture(6);

        // Every pixel of the budget taken, as by decodes that run long: the request waits its 1.5 s, then is turned away.
        var held = await gate.WaitAsync(WorkKind.Pixels, long.MaxValue, CancellationToken.None);
        var clock = Stopwatch.StartNew();
        using (var busy = await http.PostAsync("predict", Png(image)))
        {
            await WorkerAnswers.ProblemAsync(busy, 503);
            Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(1.4), $"turned away after {clock.Elapsed.TotalSeconds:0.00} s, not after its wait");
            Assert.Equal(TimeSpan.FromSeconds(2), busy.Headers.RetryAfter?.Delta);
        }

        // A share that frees while the request waits is its: 200, not 503.
        var waiting = http.PostAsync("predict", Png(image));
        for (var i = 0; i < 600 && gate.Waiting == 0 && !waiting.IsCompleted; i++)
            await Task.Delay(10);
        Assert.Equal(1, gate.Waiting);
        held.Dispose();
        using var served = await waiting;
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_functions_hosts_100_MB_is_refused_by_kestrel_even_when_the_image_limit_is_higher()
    {
        // The image limit raised past the host's: only Kestrel's MaxRequestBodySize (the host's 100 MB) is left to refuse it.
        await using var runner = await StorageFreeRunner.StartAsync(new Dictionary<string, string?> { ["Classifier:MaxImageBytes"] = $"{200 * 1024 * 1024}" });
        await using var client = new RawHttp(runner.ApiBase);

        await client.SendStartAsync("POST", runner.ApiBase.AbsolutePath + "predict", Headers(104_857_601), TestImages.Picture(2).AsMemory(0, 16));

        Assert.StartsWith("HTTP/1.1 413 ", await client.ReadStatusLineAsync());
    }

    private static Dictionary<string, string> Headers(long length) =>
        new() { ["Content-Type"] = "image/png", ["Content-Length"] = $"{length}" };

    /// <summary>
    /// Sends zero bytes at the given rate until stopped or the server closes, every tenth of a second what the clock
    /// says is due, so a late timer on a busy machine does not drop the average under Kestrel's minimum rate.
    /// </summary>
    private static async Task DripAsync(RawHttp client, int bytesPerSecond, CancellationToken stop)
    {
        var clock = Stopwatch.StartNew();
        var zeros = new byte[bytesPerSecond];
        long sent = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(100, stop);
                var due = (long)(clock.Elapsed.TotalSeconds * bytesPerSecond) - sent;
                if (due <= 0)
                    continue;
                var count = (int)Math.Min(due, zeros.Length);
                await client.SendAsync(zeros.AsMemory(0, count));
                sent += count;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // stopped, or the server answered and closed
        }
    }

    private static ByteArrayContent Png(byte[] bytes) => WithType(bytes, "image/png");
    private static ByteArrayContent Jpeg(byte[] bytes) => WithType(bytes, "image/jpeg");

    private static ByteArrayContent WithType(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
