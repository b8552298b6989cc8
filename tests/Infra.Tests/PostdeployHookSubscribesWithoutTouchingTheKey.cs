namespace Infra.Tests;

/// <summary>
/// infra/hooks/postdeploy.sh against a stand-in az: it checks az's version, waits for the host's
/// blobs_extension key to exist (asking the management API through az rest, never for the value),
/// then deploys eventgrid.bicep, then demo-keys.bicep unless the demo key exists; every call names azd's
/// subscription, and az's errors reach the user.
/// </summary>
public sealed class PostdeployHookSubscribesWithoutTouchingTheKey : IDisposable
{
    private const string FakeKey = "FAKE-BLOBS-EXTENSION-KEY";
    private const string Subscription = "00000000-1111-2222-3333-444444444444";

    private readonly FakeCommands commands = new();

    public PostdeployHookSubscribesWithoutTouchingTheKey()
    {
        // The key "appears" on the third question, as it does once the host has started. FAKE_REST_ERROR
        // makes the key listing fail the way az reports a failed request: a message on stderr, exit 1.
        commands.Add("az", $$"""
            case "$1" in
              version)
                echo "${FAKE_AZ_VERSION:-2.88.0}" ;;
              rest)
                if [ -n "${FAKE_REST_ERROR:-}" ]; then echo "ERROR: $FAKE_REST_ERROR" >&2; exit 1; fi
                case "$*" in
                  *"demo != null"*)
                    echo "${FAKE_DEMO_KEY_EXISTS:-false}" ;;
                  *"!= null"*)
                    count=$(($(cat "{{commands.Folder}}/asked" 2>/dev/null || echo 0) + 1))
                    echo "$count" > "{{commands.Folder}}/asked"
                    if [ "$count" -ge "${FAKE_KEY_READY_AFTER:-3}" ]; then echo true; else echo false; fi ;;
                  *) echo "{{FakeKey}}" ;;
                esac ;;
            esac
            """);
    }

    [Fact]
    public void It_waits_for_the_key_then_deploys_the_subscription_template_to_the_resource_group()
    {
        var result = Run();

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Equal(3, commands.Calls.Count(IsKeyQuestion));
        var deployment = Deployment("eventgrid-classify-uploads");
        Assert.Equal("rg-test", ValueAfter(deployment, "--resource-group"));
        Assert.Equal(Path.Combine(Infra.Directory, "eventgrid.bicep"), Path.GetFullPath(ValueAfter(deployment, "--template-file")));
        Assert.Contains("functionAppName=func-test", deployment);
        Assert.Contains("systemTopicName=evgt-test", deployment);
        Assert.Contains("deadLetterContainerName=deadletter", deployment);
        var calls = commands.Calls.ToList();
        Assert.True(calls.FindIndex(call => call.SequenceEqual(deployment)) > calls.FindLastIndex(IsKeyQuestion));
    }

    [Fact]
    public void Without_a_demo_key_it_deploys_the_demo_key_template_and_says_how_to_list_the_key()
    {
        var result = Run();

        Assert.True(result.ExitCode == 0, result.AllOutput);
        var question = Assert.Single(commands.Calls, IsDemoKeyQuestion);
        Assert.Equal(
            $"/subscriptions/{Subscription}/resourceGroups/rg-test/providers/Microsoft.Web/sites/func-test/functions/Predict/listkeys?api-version=2025-03-01",
            ValueAfter(question, "--uri"));
        var deployment = Deployment("demo-keys");
        Assert.Equal(Path.Combine(Infra.Directory, "demo-keys.bicep"), Path.GetFullPath(ValueAfter(deployment, "--template-file")));
        Assert.Equal(["functionAppName=func-test"], deployment.Where(argument => argument.Contains('=', StringComparison.Ordinal)));
        Assert.Equal(deployment, commands.Calls[^1]);
        Assert.Contains("--function-name Predict --query demo -o tsv", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("functionKeys.default", result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("masterKey", result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void An_existing_demo_key_is_kept_unless_rotation_is_asked_for()
    {
        var kept = Run(("FAKE_DEMO_KEY_EXISTS", "true"));

        Assert.True(kept.ExitCode == 0, kept.AllOutput);
        Assert.DoesNotContain(commands.Calls, call => call.Contains("demo-keys"));
        Assert.Contains("the demo key exists and is kept", kept.StandardOutput, StringComparison.Ordinal);

        var rotated = Run(("FAKE_DEMO_KEY_EXISTS", "true"), ("DEMO_KEY_ROTATE", "true"));

        Assert.True(rotated.ExitCode == 0, rotated.AllOutput);
        Deployment("demo-keys");
    }

    [Fact]
    public void Every_call_that_reaches_azure_names_the_azd_subscription()
    {
        var result = Run();

        Assert.True(result.ExitCode == 0, result.AllOutput);
        var azureCalls = commands.Calls.Where(call => call[0] != "version").ToArray();
        Assert.True(azureCalls.Length >= 4, "Expected the key questions and the deployment.");
        Assert.All(azureCalls, call => Assert.Equal(Subscription, ValueAfter(call, "--subscription")));
        Assert.Equal(["version", "--query", "\"azure-cli\"", "--output", "tsv"], commands.Calls[0]);
    }

    [Fact]
    public void The_key_is_polled_on_the_management_apis_host_listkeys_of_that_subscription()
    {
        Run();

        var keyCalls = commands.Calls.Where(call => call[0] == "rest" && !IsDemoKeyQuestion(call)).ToArray();
        Assert.NotEmpty(keyCalls);
        Assert.All(keyCalls, call =>
        {
            Assert.Equal("post", ValueAfter(call, "--method"));
            Assert.Equal(
                $"/subscriptions/{Subscription}/resourceGroups/rg-test/providers/Microsoft.Web/sites/func-test/host/default/listkeys?api-version=2025-03-01",
                ValueAfter(call, "--uri"));
        });
        Assert.DoesNotContain(commands.Calls, call => call.Take(2).SequenceEqual(["functionapp", "keys"]));
    }

    [Fact]
    public void It_only_asks_whether_the_key_exists_never_for_its_value()
    {
        var result = Run();

        var keyCalls = commands.Calls.Where(call => call[0] == "rest").ToArray();
        Assert.NotEmpty(keyCalls);
        Assert.All(keyCalls, call => Assert.Contains(ValueAfter(call, "--query"), new[] { "systemKeys.blobs_extension != null", "demo != null" }));
        Assert.DoesNotContain(FakeKey, result.AllOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(commands.Calls.SelectMany(call => call), argument => argument.Contains(FakeKey, StringComparison.Ordinal));
    }

    [Fact]
    public void A_wrong_subscription_or_account_stops_at_once_with_azs_own_error()
    {
        var result = Run(("FAKE_REST_ERROR", "(AuthorizationFailed) The client 'me@example.com' does not have authorization"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("AuthorizationFailed) The client 'me@example.com'", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"subscription {Subscription}", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd hooks run postdeploy", result.StandardError, StringComparison.Ordinal);
        Assert.Single(commands.Calls, call => call[0] == "rest");
    }

    [Fact]
    public void A_passing_error_is_shown_on_every_attempt_and_the_wait_goes_on()
    {
        var result = Run(("FAKE_REST_ERROR", "Bad Request({\"Code\":\"BadRequest\",\"Message\":\"Encountered an error (ServiceUnavailable) from host runtime.\"})"),
            ("KEY_WAIT_ATTEMPTS", "3"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(3, result.StandardError.Split("from host runtime").Length - 1);
        Assert.Contains("attempt 3/3: the key listing failed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("no blobs_extension key after 3 attempts", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void It_gives_up_with_a_clear_message_when_the_key_never_appears()
    {
        var result = Run(("FAKE_KEY_READY_AFTER", "99"), ("KEY_WAIT_ATTEMPTS", "2"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no blobs_extension key after 2 attempts", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("attempt 2/2: the host has not created the key yet", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(2, commands.Calls.Count(IsKeyQuestion));
        Assert.DoesNotContain(commands.Calls, call => call[0] == "deployment");
    }

    [Theory]
    [InlineData("2.87.0")]
    [InlineData("2.9.0")]
    [InlineData("1.99.99")]
    public void An_az_older_than_2_88_0_is_refused_with_what_to_do(string version)
    {
        var result = Run(("FAKE_AZ_VERSION", version));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"Azure CLI {version} is too old; 2.88.0 or later is needed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("az upgrade", result.StandardError, StringComparison.Ordinal);
        Assert.Equal([["version", "--query", "\"azure-cli\"", "--output", "tsv"]], commands.Calls);
    }

    [Theory]
    [InlineData("2.88.0")]
    [InlineData("2.88.1")]
    [InlineData("2.100.0")]
    [InlineData("3.0.0")]
    public void An_az_of_2_88_0_or_later_is_accepted(string version)
    {
        var result = Run(("FAKE_AZ_VERSION", version));

        Assert.True(result.ExitCode == 0, result.AllOutput);
    }

    [Theory]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("AZURE_SUBSCRIPTION_ID")]
    public void It_refuses_to_run_outside_a_provisioned_azd_environment(string missing)
    {
        var result = Run((missing, null));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(missing, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(commands.Calls);
    }

    public void Dispose() => commands.Dispose();

    private ProcessResult Run(params (string Name, string? Value)[] overrides)
    {
        var environment = new Dictionary<string, string?>
        {
            ["AZURE_SUBSCRIPTION_ID"] = Subscription,
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

    private static bool IsDemoKeyQuestion(string[] call) => call.Contains("demo != null");

    private string[] Deployment(string name) =>
        Assert.Single(commands.Calls, call => call.Take(3).SequenceEqual(["deployment", "group", "create"]) && ValueAfter(call, "--name") == name);

    private static string ValueAfter(string[] call, string option)
    {
        var index = Array.IndexOf(call, option);
        Assert.True(index >= 0 && index + 1 < call.Length, $"{option} is missing from: {string.Join(' ', call)}");
        return call[index + 1];
    }
}
