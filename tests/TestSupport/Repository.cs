namespace TestSupport;

/// <summary>The repository checkout the tests run from, found by walking up from the test binaries to Serverless.sln.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    private static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Serverless.sln not found above " + start);
    }
}
