using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Classifier.LocalRunner;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>Bounded work: a process takes on only so much at once and says so, instead of queueing bodies without end.</summary>
public sealed class LoadTests
{
    /// <summary>A client that sends its headers and the first bytes of the body, then stalls until told to go on.</summary>
    private sealed class StalledUpload(Uri api, byte[] image) : IAsyncDisposable
    {
        private readonly TcpClient _client = new();
        private NetworkStream? _stream;

        public async Task StartAsync()
        {
            await _client.ConnectAsync(api.Host, api.Port);
            _stream = _client.GetStream();
            var head = $"POST {api.AbsolutePath}predict HTTP/1.1\r\nHost: {api.Authority}\r\nContent-Type: image/png\r\nContent-Length: {image.Length}\r\n\r\n";
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(head));
            await _stream.WriteAsync(image.AsMemory(0, 8));
            await _stream.FlushAsync();
        }

        /// <summary>Sends the rest and returns the status line of the answer.</summary>
        public async Task<string> FinishAsync()
        {
            await _stream!.WriteAsync(image.AsMemory(8));
            using var reader = new StreamReader(_stream, Encoding.ASCII, leaveOpen: true);
            return await reader.ReadLineAsync() ?? "";
        }

        public ValueTask DisposeAsync()
        {
            _client.Dispose();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Beyond_the_slots_a_request_gets_503_with_retry_after_at_once_and_the_held_one_still_succeeds()
    {
        await using var runner = await LocalRunner.StartAsync(new RunnerOptions
        {
            Port = 0,
            BlobTrigger = false,
            Classifier = SharedModel.Classifier,
            Settings = new Dictionary<string, string?>
            {
                ["Classifier:ModelContainer"] = "",
                ["Limits:BodiesInFlight"] = "1",
                ["Limits:QueueLength"] = "0",
            },
        });
        using var http = new HttpClient { BaseAddress = runner.ApiBase };
        var image = TestImages.Picture(5);

        await using var stalled = new StalledUpload(runner.ApiBase, image);
        await stalled.StartAsync();
        await Task.Delay(500); // the request has reached its handler and holds the only body slot

        var second = new ByteArrayContent(image);
        second.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using (var busy = await http.PostAsync("predict", second))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
            Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
            Assert.True(busy.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            var problem = await busy.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("busy", problem.GetProperty("detail").GetString());
        }

        Assert.Equal("HTTP/1.1 200 OK", await stalled.FinishAsync());
    }
}
