using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using Classifier.Core.Imaging;
using Classifier.LocalRunner;
using Classifier.Pipeline.Storage;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// Storage that is slow or hangs rather than gone: the runner's blob endpoint goes through a <see cref="SlowLink"/>
/// in front of a real Azurite. A big upload gets the time its size needs; a hung storage still ends in a 503.
/// </summary>
public sealed class SlowStorageTests
{
    private const int LinkBytesPerSecond = 5 * 1024 * 1024;

    [Fact]
    public async Task A_big_upload_over_a_slow_link_is_stored_since_its_deadline_grows_with_its_size()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var link = SlowLink.To(azurite.BlobPort, LinkBytesPerSecond);
        var uploads = new BlobServiceClient(azurite.ConnectionString, StorageAccount.ClientOptions()).GetBlobContainerClient(Containers.Uploads);
        await uploads.CreateIfNotExistsAsync();
        await using var runner = await LocalRunner.StartAsync(StorageFreeRunner.Options() with { StorageConnectionString = azurite.ConnectionStringWithBlobPort(link.Port) });
        using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromSeconds(60) };

        // About 10 MB of noise: two seconds on this link, where a one-second budget per call would give up.
        var body = TestImages.Png(Noise(1800, 1800));
        Assert.InRange(body.Length, 8 * 1024 * 1024, 12 * 1024 * 1024);
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        using var response = await http.PostAsync("uploads", content);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var name = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("name").GetString()!;
        var stored = await uploads.GetBlobClient(name).GetPropertiesAsync();
        Assert.Equal(body.Length, stored.Value.ContentLength);
    }

    [Fact]
    public async Task An_upload_to_storage_that_never_answers_is_a_503_with_retry_after_and_predict_still_serves()
    {
        await using var azurite = await AzuriteProcess.StartAsync();
        using var hung = SlowLink.To(azurite.BlobPort, bytesPerSecond: 0);
        await using var runner = await LocalRunner.StartAsync(StorageFreeRunner.Options() with { StorageConnectionString = azurite.ConnectionStringWithBlobPort(hung.Port) });
        using var http = new HttpClient { BaseAddress = runner.ApiBase, Timeout = TimeSpan.FromSeconds(60) };

        using var upload = new ByteArrayContent(TestImages.Picture(7400)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        using var refused = await http.PostAsync("uploads", upload);
        await WorkerAnswers.ProblemAsync(refused, 503);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.Contains("storage", detail);
        Assert.DoesNotContain("Exception", detail);

        using var predict = new ByteArrayContent(TestImages.Picture(7401)) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } };
        using var served = await http.PostAsync("predict", predict);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private static RgbImage Noise(int width, int height)
    {
        var image = new RgbImage(width, height);
        new Random(7).NextBytes(image.Pixels);
        return image;
    }
}
