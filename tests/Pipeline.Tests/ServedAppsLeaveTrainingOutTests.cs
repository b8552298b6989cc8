using System.Text.Json;
using System.Xml.Linq;

namespace Pipeline.Tests;

/// <summary>
/// The Functions app and the local runner only serve: training code (model/Classifier.Training) belongs to the
/// CLI, and neither app may reference it, directly or through another project, nor carry it in its build output.
/// </summary>
public sealed class ServedAppsLeaveTrainingOutTests
{
    private const string Training = "Classifier.Training";

    public static TheoryData<string> ServedApps => ["Classifier.Functions", "Classifier.LocalRunner"];

    [Theory]
    [MemberData(nameof(ServedApps))]
    public void No_project_the_app_builds_from_is_the_training_project(string app)
    {
        var projects = ProjectGraph(Path.Combine(RepoPaths.Root, "functions", app, $"{app}.csproj"));

        Assert.Contains("Classifier.Core", projects);
        Assert.DoesNotContain(Training, projects);
    }

    [Theory]
    [MemberData(nameof(ServedApps))]
    public void The_build_output_neither_lists_nor_holds_the_training_assembly(string app)
    {
        var output = Path.Combine(RepoPaths.Root, "functions", app, "bin", RepoPaths.Configuration, "net10.0");
        var depsFile = Path.Combine(output, $"{app}.deps.json");
        Assert.True(File.Exists(depsFile), $"{depsFile} is missing: build {app} in {RepoPaths.Configuration}");

        // The deps file is what the app loads at run time: every package and project, transitive ones included.
        var libraries = JsonDocument.Parse(File.ReadAllText(depsFile)).RootElement.GetProperty("libraries")
            .EnumerateObject().Select(library => library.Name.Split('/')[0]).ToList();
        Assert.Contains("Classifier.Core", libraries);
        Assert.DoesNotContain(Training, libraries);
        Assert.False(File.Exists(Path.Combine(output, $"{Training}.dll")), $"{output} holds {Training}.dll");
    }

    /// <summary>The names of every project the given one references, followed through each referenced csproj.</summary>
    private static HashSet<string> ProjectGraph(string project)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([Path.GetFullPath(project)]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(path))
                continue;
            names.Add(Path.GetFileNameWithoutExtension(path));
            var directory = Path.GetDirectoryName(path)!;
            foreach (var reference in XDocument.Load(path).Descendants("ProjectReference"))
            {
                var include = reference.Attribute("Include")!.Value.Replace('\\', '/');
                pending.Push(Path.GetFullPath(Path.Combine(directory, include)));
            }
        }
        names.Remove(Path.GetFileNameWithoutExtension(project));
        return names;
    }
}
