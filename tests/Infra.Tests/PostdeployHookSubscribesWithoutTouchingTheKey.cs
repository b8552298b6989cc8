namespace Infra.Tests;

/// <summary>
/// infra/hooks/postdeploy.sh against a stand-in az: it waits for the host's blobs_extension key
/// to exist, then deploys eventgrid.bicep, and never asks az for the key's value.
/// </summary>
public sealed class PostdeployHookSubscribesWithoutTouchingTheKey : IDisposable
{
    private const string FakeKey = "FAKE-BLOBS-EXTENSION-KEY";

    private readonly FakeCommands commands = new();

    public PostdeployHookSubscribesWithoutTouchingTheKey()
    {
        // The key "appears" on the third question, as it does once the host has started.
        commands.Add("az", $$"""
            if [ "$1 $2 $3" = "functionapp keys list" ]; then
              case "$*" in
                *"!= null"*)
                  count=$(($(cat "{{commands.Folder}}/asked" 2>/dev/null || echo 0) + 1))
                  echo "$count" > "{{commands.Folder}}/asked"
                  if [ "$count" -ge "${FAKE_KEY_READY_AFTER:-3}" ]; then echo true; else echo false; fi ;;
                *) echo "{{FakeKey}}" ;;
              esac
            fi
            """);
    }

    [Fact]
    public void It_waits_for_the_key_then_deploys_the_subscription_template_to_the_resource_group()
    {
        var result = Run();

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Equal(3, commands.Calls.Count(IsKeyQuestion));
        var deployment = Assert.Single(commands.Calls, call => call.Take(3).SequenceEqual(["deployment", "group", "create"]));
        Assert.Equal("rg-test", ValueAfter(deployment, "--resource-group"));
        Assert.Equal(Path.Combine(Infra.Directory, "eventgrid.bicep"), Path.GetFullPath(ValueAfter(deployment, "--template-file")));
        Assert.Contains("functionAppName=func-test", deployment);
        Assert.Contains("systemTopicName=evgt-test", deployment);
        Assert.Equal(deployment, commands.Calls[^1]);
    }

    [Fact]
    public void It_only_asks_whether_the_key_exists_never_for_its_value()
    {
        var result = Run();

        var keyCalls = commands.Calls.Where(call => call.Take(3).SequenceEqual(["functionapp", "keys", "list"])).ToArray();
        Assert.NotEmpty(keyCalls);
        Assert.All(keyCalls, call => Assert.Equal("systemKeys.blobs_extension != null", ValueAfter(call, "--query")));
        Assert.DoesNotContain(FakeKey, result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(commands.Calls.SelectMany(call => call), argument => argument.Contains(FakeKey, StringComparison.Ordinal));
    }

    [Fact]
    public void It_gives_up_with_a_clear_message_when_the_key_never_appears()
    {
        var result = Run(("FAKE_KEY_READY_AFTER", "99"), ("KEY_WAIT_ATTEMPTS", "2"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no blobs_extension key after 2 attempts", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(2, commands.Calls.Count);
    }

    [Fact]
    public void It_refuses_to_run_outside_a_provisioned_azd_environment()
    {
        var result = Run(("AZURE_FUNCTION_APP_NAME", null));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AZURE_FUNCTION_APP_NAME", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(commands.Calls);
    }

    public void Dispose() => commands.Dispose();

    private ProcessResult Run(params (string Name, string? Value)[] overrides)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_APP_NAME"] = "func-test",
            ["EVENT_GRID_SYSTEM_TOPIC_NAME"] = "evgt-test",
            ["KEY_WAIT_SECONDS"] = "0",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return commands.RunHook("postdeploy.sh", environment);
    }

    private static bool IsKeyQuestion(string[] call) => call.Contains("systemKeys.blobs_extension != null");

    private static string ValueAfter(string[] call, string option)
    {
        var index = Array.IndexOf(call, option);
        Assert.True(index >= 0 && index + 1 < call.Length, $"{option} is missing from: {string.Join(' ', call)}");
        return call[index + 1];
    }
}
