using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Pipeline.Tests.Runner;

/// <summary>
/// The runner's process as ./run.sh starts it: what a person reads in the terminal when a setting or the
/// model folder is wrong. Without storage (--no-storage) or with a storage setting refused before it is used, so no
/// emulator is needed.
/// </summary>
public sealed class RunnerCommandLineTests
{
    [Fact]
    public async Task Bad_settings_stop_the_process_with_their_messages_and_no_stack_trace()
    {
        var port = FreePort.Pick();

        var (exit, output) = await RunAsync(port, new() { ["Classifier__MinConfidence"] = "2", ["Limits__QueueLength"] = "-1" });

        Assert.Equal(1, exit);
        Assert.Contains("the runner cannot start: ", output);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "setting Classifier__MinConfidence must be between 0 and 1 \\(got 2\\)"));
        Assert.Contains("setting Limits__QueueLength must be", output);
        Assert.DoesNotContain("DataAnnotation validation failed", output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotContain("   at ", output);
        Assert.DoesNotContain("Fatal error", output); // ONNX Runtime still starting while the process ended
    }

    [Fact]
    public async Task A_missing_model_folder_is_logged_in_one_line_without_a_stack_trace()
    {
        var port = FreePort.Pick();
        var missing = Path.Combine(Path.GetTempPath(), "no-such-package-" + Guid.NewGuid().ToString("N"));

        var (exit, output) = await RunAsync(port, new() { ["Classifier__ModelFolder"] = missing }, stopWhenListening: true);

        Assert.Equal(0, exit);
        Assert.Contains($"The model could not be loaded: model folder not found: {missing}", output);
        Assert.Contains("(model not loaded;", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task A_misspelt_setting_name_is_named_with_the_one_it_was_meant_to_be()
    {
        var port = FreePort.Pick();

        var (exit, output) = await RunAsync(port, new() { ["Classifier__ModelFoler"] = "/somewhere", ["Limits__Zzz"] = "1" }, stopWhenListening: true);

        Assert.Equal(0, exit);
        Assert.Contains("setting Classifier__ModelFoler is not one the app reads, so it is ignored; did you mean Classifier__ModelFolder?", output);
        Assert.Contains("setting Limits__Zzz is not one the app reads, so it is ignored (the Limits__ settings: ", output);
        Assert.Contains("(model fashion-resnet18", output); // the default applies, as the warning says
    }

    [Fact]
    public async Task A_storage_setting_that_is_not_a_connection_string_is_named_in_one_line()
    {
        var (exit, output) = await RunAsync(FreePort.Pick(), new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage" }, withStorage: true);

        Assert.Equal(1, exit);
        Assert.Contains("the runner cannot start: setting AzureWebJobsStorage is not a usable storage connection string", output);
        Assert.Contains("the one ./run.sh prints under Storage", output);
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public async Task Help_prints_the_usage_instead_of_starting()
    {
        var (exit, output) = await RunAsync(FreePort.Pick(), [], extraArgs: "--help");

        Assert.Equal(0, exit);
        Assert.StartsWith("usage: Classifier.LocalRunner", output.TrimStart());
        Assert.DoesNotContain("listening", output);
    }

    /// <summary>Runs the runner process; with <paramref name="stopWhenListening"/>, TERMs it once it says it listens.</summary>
    private static async Task<(int Exit, string Output)> RunAsync(int port, Dictionary<string, string> environment, bool stopWhenListening = false,
        string? extraArgs = null, bool withStorage = false)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Classifier.LocalRunner.dll"), "serve", "--port", port.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        if (!withStorage)
            start.ArgumentList.Add("--no-storage");
        if (extraArgs is not null)
            start.ArgumentList.Add(extraArgs);
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var listening = new TaskCompletionSource();
        void Append(string? line)
        {
            if (line is null)
                return;
            lock (output)
                output.AppendLine(line);
            if (line.Contains("Local runner listening", StringComparison.Ordinal))
                listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (stopWhenListening)
            {
                await Task.WhenAny(listening.Task, process.WaitForExitAsync()).WaitAsync(TimeSpan.FromMinutes(2));
                using var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
                await term.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        process.WaitForExit(); // drains the redirected output
        lock (output)
            return (process.ExitCode, output.ToString());
    }
}
