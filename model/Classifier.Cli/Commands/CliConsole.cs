using Spectre.Console;

namespace Classifier.Cli.Commands;

/// <summary>How the CLI writes to a terminal versus a pipe or file.</summary>
internal static class CliConsole
{
    /// <summary>Live progress bars need a terminal; a pipe, a file or CI gets plain complete lines.</summary>
    public static bool IsTerminal => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>
    /// Spectre.Console wraps at 80 columns when it cannot ask a terminal for its width. Piped output is read by
    /// programs and editors that wrap for themselves, so give each message its whole line there.
    /// </summary>
    public static void Configure()
    {
        if (Console.IsOutputRedirected && Environment.GetEnvironmentVariable("COLUMNS") is null)
            AnsiConsole.Profile.Width = 10_000;
    }
}
