using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pipeline.Tests.Fixtures;

namespace Pipeline.Tests.Runner;

/// <summary>
/// `./run.sh --model DIR` as a user runs it (on a test Azurite, a free port): the runner serves the folder's
/// model, /api/model says so, and the site's /model/ page and demo are the package's, not the built-in ones.
/// </summary>
public sealed class RunScriptServesAFolderTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Run_sh_with_a_model_folder_serves_that_package_and_its_model_page()
    {
        using var folder = PackageFolder.FromBuiltIn("my-wardrobe", "0.3.0", "My own clothes, photographed at home");
        var port = FreePort.Pick();
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in new[] { Path.Combine(RepoPaths.Root, "run.sh"), "--model", folder.Path })
            start.ArgumentList.Add(arg);
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        using var script = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        script.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        script.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            var model = await PollAsync(http, "api/model", script, output);
            Assert.Equal("my-wardrobe", model.GetProperty("name").GetString());
            Assert.Equal("0.3.0", model.GetProperty("version").GetString());
            Assert.Equal("folder", model.GetProperty("source").GetString());

            // No README.md in the package: the page is made from its card. No examples/: the demo offers none.
            var page = await http.GetStringAsync("model/");
            Assert.Contains("my-wardrobe 0.3.0", page);
            Assert.Contains("My own clothes, photographed at home", page);
            Assert.DoesNotContain("demo-examples", await http.GetStringAsync("demo/"));
        }
        finally
        {
            // TERM, as Ctrl-C would: the script's trap stops the runner it started.
            using (var kill = Process.Start("kill", ["-TERM", script.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
                await kill.WaitForExitAsync();
            if (!script.WaitForExit(TimeSpan.FromSeconds(30)))
                script.Kill(entireProcessTree: true);
        }
        Assert.False(PortOpen(port), "run.sh left its runner running");
    }

    [Fact]
    public async Task Run_sh_with_a_folder_that_is_not_a_package_refuses_before_building_anything()
    {
        using var folder = PackageFolder.Empty(); // images, say, but no model.json
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var arg in new[] { Path.Combine(RepoPaths.Root, "run.sh"), "--model", folder.Path })
            start.ArgumentList.Add(arg);
        using var script = Process.Start(start)!;
        var error = script.StandardError.ReadToEndAsync();
        var output = await script.StandardOutput.ReadToEndAsync();
        await script.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, script.ExitCode);
        Assert.Contains($"run.sh: --model {folder.Path} has no model.json (the model card)", await error);
        Assert.DoesNotContain("==>", output + await error); // no install, storage or build step ran
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, string path, Process script, System.Text.StringBuilder output)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(6); // run.sh builds the runner and the site first
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(script.HasExited, $"run.sh stopped: {output}");
            try
            {
                using var response = await http.GetAsync(path);
                if (response.StatusCode == HttpStatusCode.OK)
                    return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"run.sh did not serve {path}: {output}");
    }

    private static bool PortOpen(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
