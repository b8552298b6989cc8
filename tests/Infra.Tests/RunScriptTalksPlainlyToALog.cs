using System.Net;
using System.Net.Sockets;

namespace Infra.Tests;

/// <summary>
/// ./run.sh and the Azurite helper it sources, as a log or a pipe sees them: plain "==> ..." lines with no
/// terminal escape codes, and a full connection string for the emulator on the ports asked for.
/// </summary>
public class RunScriptTalksPlainlyToALog
{
    [Fact]
    public void Run_sh_piped_writes_its_messages_without_escape_codes()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0); // run.sh stops at once when its port is in use
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = ProcessRunner.Run("bash", [Path.Combine(Infra.RepositoryRoot, "run.sh")], Infra.RepositoryRoot,
            new Dictionary<string, string?> { ["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture), ["NO_COLOR"] = null });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"==> port {port} is taken; choose another with PORT=8080 ./run.sh", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', run.AllOutput);
    }

    [Fact]
    public void The_azurite_connection_string_is_complete_for_the_ports_asked_for()
    {
        var script = "source scripts/prereqs.sh && source scripts/azurite.sh && azurite_connection_string";

        var run = ProcessRunner.Run("bash", ["-c", script], Infra.RepositoryRoot, new Dictionary<string, string?> { ["AZURITE_PORT"] = "20000" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
            "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
            "BlobEndpoint=http://127.0.0.1:20000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:20001/devstoreaccount1;" +
            "TableEndpoint=http://127.0.0.1:20002/devstoreaccount1;",
            run.StandardOutput);
    }
}
