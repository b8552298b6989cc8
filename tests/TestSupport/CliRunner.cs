using System.Diagnostics;

namespace TestSupport;

/// <summary>Runs the real `classifier` command with its output piped, as a script or CI would.</summary>
public static class CliRunner
{
    /// <param name="environment">Extra variables; a null value removes the variable.</param>
    public static (int ExitCode, string Out, string Error) Run(IReadOnlyDictionary<string, string?> environment, string? workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "classifier.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("COLUMNS");
        foreach (var (name, value) in environment)
        {
            if (value is null)
                start.Environment.Remove(name);
            else
                start.Environment[name] = value;
        }
        if (workingDirectory is not null)
            start.WorkingDirectory = workingDirectory;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("classifier did not finish");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>A run a fixture cannot go on without (training, publishing): its output, or the failure with all it printed.</summary>
    public static string RunOrThrow(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        var (code, output, error) = Run(environment, null, args);
        return code == 0 ? output : throw new InvalidOperationException($"classifier {args[0]} failed: {output}{error}");
    }
}
