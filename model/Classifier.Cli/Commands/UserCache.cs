namespace Classifier.Cli.Commands;

/// <summary>
/// The user's cache folder as the XDG Base Directory spec places it: $XDG_CACHE_HOME, else ~/.cache
/// (on Windows, the local application data folder). Caches never land in the current folder or the repository.
/// </summary>
internal static class UserCache
{
    public static string Directory(string name)
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string root;
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg))
            root = xdg; // the spec says a relative value is invalid and must be ignored
        else if (OperatingSystem.IsWindows())
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        else
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(root, "classifier", name);
    }
}
