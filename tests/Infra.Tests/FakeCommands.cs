namespace Infra.Tests;

/// <summary>
/// A temporary folder put first on PATH with stand-ins for az, curl, azd or dotnet: small bash scripts that
/// append their arguments (one per line, then a blank line) to calls.log and answer the way the
/// script's real calls would be answered. The scripts themselves run unchanged under real bash.
/// </summary>
internal sealed class FakeCommands : IDisposable
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("infra-hooks-");

    public string LogPath => Path.Combine(directory.FullName, "calls.log");

    public string Folder => directory.FullName;

    /// <param name="name">The command to stand in for.</param>
    /// <param name="body">Bash run after the arguments are logged; "$*" holds them.</param>
    public void Add(string name, string body = "")
    {
        var path = Path.Combine(directory.FullName, name);
        File.WriteAllText(path, $$"""
            #!/usr/bin/env bash
            printf '%s\n' "$@" >> "{{LogPath}}"
            echo >> "{{LogPath}}"
            {{body}}
            """.Replace("\r", ""));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>The logged calls, each as its list of arguments.</summary>
    public IReadOnlyList<string[]> Calls =>
        File.Exists(LogPath)
            ? File.ReadAllText(LogPath).Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
                .Select(call => call.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                .ToArray()
            : [];

    public ProcessResult RunHook(string script, IReadOnlyDictionary<string, string?> environment) =>
        RunScript(Path.Combine(Infra.HooksDirectory, script), [], environment);

    /// <summary>Runs a bash script from the repository root with the stand-ins first on PATH.</summary>
    public ProcessResult RunScript(string path, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?> environment)
    {
        var withPath = new Dictionary<string, string?>(environment)
        {
            ["PATH"] = directory.FullName + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        return ProcessRunner.Run("bash", [path, .. arguments], Infra.RepositoryRoot, withPath);
    }

    public void Dispose() => directory.Delete(recursive: true);
}
