using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Options;

namespace Classifier.LocalRunner;

/// <summary>
/// The command line: <c>[serve] [--port N] [--site DIR] [--no-blob-trigger] [--builtin-model] [--no-storage] [--verbose]</c> runs until
/// Ctrl-C or TERM. The runner only hosts: its benchmark is <c>classifier bench --runner DLL</c>, from outside.
/// Settings come from the environment by their Functions names (AzureWebJobsStorage, Classifier__*, Api__*, PORT).
/// </summary>
internal static partial class RunnerCommand
{
    private const string Usage =
        "usage: Classifier.LocalRunner [serve] [--port N] [--site DIR] [--no-blob-trigger] [--builtin-model] [--no-storage] [--verbose]\n" +
        "settings by their Functions names in the environment (AzureWebJobsStorage, Classifier__*, ...: docs/local.md); ./run.sh starts it with Azurite and the site\n" +
        "(the serving benchmark is `classifier bench --runner Classifier.LocalRunner.dll`)\n";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a is "-h" or "--help"))
        {
            Console.Write(Usage);
            return 0;
        }
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var flags = args.SkipWhile(a => !a.StartsWith('-')).ToList();
        try
        {
            return verb switch
            {
                "serve" => await ServeAsync(flags),
                _ => Fail($"unknown verb '{verb}'"),
            };
        }
        catch (ArgumentException e)
        {
            return Fail(e.Message);
        }
        catch (Exception e) when (SettingFailures(e) is { Count: > 0 } failures)
        {
            // The settings' own messages name the setting and the value; the stack trace would bury them.
            Console.Error.WriteLine($"the runner cannot start: {string.Join("; ", failures)}");
            return 1;
        }
        catch (StorageSettingException e)
        {
            Console.Error.WriteLine($"the runner cannot start: {e.Message}");
            return 1;
        }
        catch (StorageInUseException e)
        {
            Console.Error.WriteLine(e.Message);
            return 1;
        }
        catch (Exception e) when (Classifier.Pipeline.Storage.StorageFaults.Is(e))
        {
            Console.Error.WriteLine("storage cannot be reached (is Azurite running? is AzureWebJobsStorage right?); the runner needs it at start");
            return 1;
        }
    }

    private static async Task<int> ServeAsync(List<string> flags)
    {
        var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        // --no-storage: predictions only (what `classifier bench --runner` times), with the built-in model and no blob trigger.
        var noStorage = flags.Contains("--no-storage");
        var options = new RunnerOptions
        {
            Port = Number(flags, "--port") ?? (int.TryParse(environment["PORT"], out var port) ? port : 7071),
            SiteRoot = Value(flags, "--site"),
            StorageConnectionString = noStorage ? null
                : environment["AzureWebJobsStorage"] is { Length: > 0 } storage ? storage : "UseDevelopmentStorage=true",
            Configuration = environment,
            // --builtin-model: ignore the models container.
            Settings = noStorage || flags.Contains("--builtin-model")
                ? new Dictionary<string, string?> { ["Classifier:ModelContainer"] = "" }
                : new Dictionary<string, string?>(),
            BlobTrigger = !noStorage && !flags.Contains("--no-blob-trigger"),
            Verbose = flags.Contains("--verbose"),
        };

        var stop = new TaskCompletionSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true; // we shut down ourselves, in order
            stop.TrySetResult();
        }
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

        await using var runner = await LocalRunner.StartAsync(options);
        var model = await runner.ClassifierAsync().ContinueWith(t => t.IsCompletedSuccessfully ? $"{t.Result.Info.Name} {t.Result.Info.Version}" : "not loaded", TaskScheduler.Default);
        Console.WriteLine($"Local runner listening on {runner.BaseAddress} (model {model}; blob trigger {(options.BlobTrigger ? "on" : "off")})");
        await stop.Task;
        Console.WriteLine("Stopping the local runner");
        return 0;
    }

    /// <summary>What a settings check refused, each data-annotation failure reduced to its own message (the framework wraps it in the type and member).</summary>
    private static List<string>? SettingFailures(Exception exception) =>
        exception is OptionsValidationException refused
            ? refused.Failures.Select(f => DataAnnotationWrapper().Match(f) is { Success: true } m ? m.Groups[1].Value : f).Distinct().ToList()
            : null;

    [GeneratedRegex(@"^DataAnnotation validation failed for '[^']*' members: '[^']*' with the error: '(.*)'\.$")]
    private static partial Regex DataAnnotationWrapper();

    private static string? Value(List<string> flags, string name)
    {
        var at = flags.IndexOf(name);
        if (at < 0)
            return null;
        return at + 1 < flags.Count ? flags[at + 1] : throw new ArgumentException($"{name} needs a value");
    }

    private static int? Number(List<string> flags, string name) =>
        Value(flags, name) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : throw new ArgumentException($"{name} needs a whole number")
            : null;

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
