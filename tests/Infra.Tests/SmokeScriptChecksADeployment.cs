namespace Infra.Tests;

/// <summary>
/// scripts/smoke.sh against stand-in curl and az (no network): a healthy deployment passes all four checks;
/// each broken part fails its own check with what it usually means, and the others still run.
/// </summary>
public sealed class SmokeScriptChecksADeployment : IDisposable
{
    private const string App = "https://func-test.azurewebsites.net";
    private const string Site = "https://stapp-test.azurestaticapps.net";
    private const string Subscription = "00000000-1111-2222-3333-444444444444";
    private const string FunctionKey = "FAKE-FUNCTION-KEY";

    private readonly FakeCommands commands = new();

    public SmokeScriptChecksADeployment()
    {
        // curl: answers by URL like the deployed app and site; /api/predict wants the key header on stdin.
        commands.Add("curl", $$"""
            out=""; url=""; stdin_headers=false
            while [ $# -gt 0 ]; do
              case "$1" in
                --output) out=$2; shift 2 ;;
                -H) if [ "$2" = "@-" ]; then stdin_headers=true; fi; shift 2 ;;
                --request|--write-out|--max-time|--data-binary) shift 2 ;;
                --*) shift ;;
                *) url=$1; shift ;;
              esac
            done
            if [ "$stdin_headers" = true ]; then cat > "{{commands.Folder}}/stdin-headers"; fi
            if [ -n "${FAKE_APP_DOWN:-}" ] && [ "${url#{{App}}}" != "$url" ]; then
              echo "curl: (6) Could not resolve host: func-test.azurewebsites.net" >&2; printf 000; exit 6
            fi
            status=404; body=""
            case "$url" in
              {{App}}/api/health) status=${FAKE_HEALTH_STATUS:-200}; body='{"status":"healthy"}' ;;
              {{App}}/api/predict)
                if grep -qx "x-functions-key: {{FunctionKey}}" "{{commands.Folder}}/stdin-headers" 2>/dev/null; then
                  status=200; body='{"label":"Sneaker","confidence":0.97,"status":"confident"}'
                else
                  status=401
                fi ;;
              {{Site}}/demo/) status=200; body='<div class="demo-drop" id="demo-drop">' ;;
              {{Site}}/config.js) status=200; body="export const apiBase = \"${FAKE_SITE_API_BASE:-{{App}}/api}\";" ;;
            esac
            printf '%s' "$body" > "$out"
            printf '%s' "$status"
            """);
        // az: the key listing, and blob storage in which the result appears on the second look.
        commands.Add("az", $$"""
            file=""; args=("$@")
            for ((i = 0; i < ${#args[@]}; i++)); do [ "${args[i]}" = "--file" ] && file=${args[i+1]}; done
            case "$1 $2 $3" in
              "rest "*) echo "{{FunctionKey}}" ;;
              "storage blob upload")
                if [ -n "${FAKE_UPLOAD_ERROR:-}" ]; then echo "ERROR: $FAKE_UPLOAD_ERROR" >&2; exit 1; fi ;;
              "storage blob exists")
                count=$(($(cat "{{commands.Folder}}/looked" 2>/dev/null || echo 0) + 1))
                echo "$count" > "{{commands.Folder}}/looked"
                if [ -z "${FAKE_NO_RESULT:-}" ] && [ "$count" -ge 2 ]; then echo true; else echo false; fi ;;
              "storage blob download")
                printf '%s' '{"label":"Sneaker","confidence":0.97,"status":"confident","source":{"container":"uploads"} }' > "$file" ;;
            esac
            """);
    }

    [Fact]
    public void A_healthy_deployment_passes_all_four_checks_and_says_what_passed()
    {
        var result = Run();

        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Contains($"PASS health: 200 from {App}/api/health", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("PASS prediction: sneaker.png is Sneaker (confident)", result.StandardOutput, StringComparison.Ordinal);
        Assert.Matches(@"PASS upload: uploads/smoke-\S+\.png classified into predictions/smoke-\S+\.png\.json as Sneaker \(confident\)", result.StandardOutput);
        Assert.Contains($"PASS demo page: {Site}/demo/ loads and calls {App}/api", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("smoke: 4 passed, 0 failed", result.StandardOutput.Trim(), StringComparison.Ordinal);
        Assert.Equal("", result.StandardError);
    }

    [Fact]
    public void The_upload_goes_through_az_with_login_auth_and_is_polled_until_its_result_exists()
    {
        Run();

        var upload = Assert.Single(AzCalls, call => call.Take(3).SequenceEqual(["storage", "blob", "upload"]));
        Assert.Contains("--auth-mode", upload);
        Assert.Equal("login", ValueAfter(upload, "--auth-mode"));
        Assert.Equal("stfake", ValueAfter(upload, "--account-name"));
        Assert.Equal("uploads", ValueAfter(upload, "--container-name"));
        Assert.Equal(Path.Combine(Infra.RepositoryRoot, "web", "site", "examples", "sneaker.png"), ValueAfter(upload, "--file"));
        var name = ValueAfter(upload, "--name");
        var looks = AzCalls.Where(call => call.Take(3).SequenceEqual(["storage", "blob", "exists"])).ToArray();
        Assert.Equal(2, looks.Length);
        Assert.All(looks, look =>
        {
            Assert.Equal("predictions", ValueAfter(look, "--container-name"));
            Assert.Equal(name + ".json", ValueAfter(look, "--name"));
            Assert.Equal("login", ValueAfter(look, "--auth-mode"));
        });
    }

    [Fact]
    public void Every_az_call_names_the_azd_subscription()
    {
        Run();

        Assert.True(AzCalls.Count >= 5);
        Assert.All(AzCalls, call => Assert.Equal(Subscription, ValueAfter(call, "--subscription")));
    }

    [Fact]
    public void The_function_key_is_listed_through_the_management_api_and_handed_to_curl_on_stdin_only()
    {
        var result = Run();

        var listing = Assert.Single(AzCalls, call => call[0] == "rest");
        Assert.EndsWith("/resourceGroups/rg-test/providers/Microsoft.Web/sites/func-test/host/default/listkeys?api-version=2025-03-01",
            ValueAfter(listing, "--uri"), StringComparison.Ordinal);
        Assert.Equal("functionKeys.default", ValueAfter(listing, "--query"));
        Assert.Equal($"x-functions-key: {FunctionKey}\n", File.ReadAllText(Path.Combine(commands.Folder, "stdin-headers")));
        Assert.DoesNotContain(commands.Calls.SelectMany(call => call), argument => argument.Contains(FunctionKey, StringComparison.Ordinal));
        Assert.DoesNotContain(FunctionKey, result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_event_grid_subscription_fails_the_upload_check_only_and_points_at_the_postdeploy_hook()
    {
        var result = Run(("FAKE_NO_RESULT", "1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("has no predictions/", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd hooks run postdeploy", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("deadletter", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("smoke: 3 passed, 1 failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void A_refused_upload_shows_azs_error_and_the_missing_role()
    {
        var result = Run(("FAKE_UPLOAD_ERROR", "This request is not authorized to perform this operation using this permission."));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL upload: az storage blob upload failed: ERROR: This request is not authorized", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Storage Blob Data Contributor", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(AzCalls, call => call.Take(3).SequenceEqual(["storage", "blob", "exists"]));
    }

    [Fact]
    public void An_unreachable_app_fails_health_and_prediction_with_curls_reason()
    {
        var result = Run(("FAKE_APP_DOWN", "1"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL health: no answer from https://func-test.azurewebsites.net (curl: (6) Could not resolve host", result.StandardError,
            StringComparison.Ordinal);
        Assert.Contains("azd env get-value FUNCTION_APP_URL", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("FAIL prediction: 000", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("smoke: 2 passed, 2 failed", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unhealthy_model_is_reported_with_where_to_look()
    {
        var result = Run(("FAKE_HEALTH_STATUS", "503"));

        Assert.Contains("FAIL health: 503", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("the model did not load", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_site_built_against_another_api_fails_the_demo_page_check()
    {
        var result = Run(("FAKE_SITE_API_BASE", "https://func-other.azurewebsites.net/api"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"FAIL demo page: {Site}/config.js (200) does not point at {App}/api", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("azd deploy site", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void The_site_of_a_public_demo_counts_as_calling_this_app()
    {
        var result = Run(("FAKE_SITE_API_BASE", $"{App}/api/public"));

        Assert.True(result.ExitCode == 0, result.AllOutput);
    }

    [Fact]
    public void Values_not_in_the_environment_are_read_from_azd()
    {
        commands.Add("azd", $$"""
            [ "$*" = "env get-values" ] || exit 1
            echo 'AZURE_SUBSCRIPTION_ID="{{Subscription}}"'
            echo 'AZURE_STORAGE_ACCOUNT_NAME="stfromazd"'
            echo 'SITE_URL="{{Site}}"'
            echo 'SOMETHING_ELSE="ignored"'
            """);

        var result = Run(("AZURE_STORAGE_ACCOUNT_NAME", null), ("SITE_URL", null), ("AZURE_SUBSCRIPTION_ID", null));

        Assert.True(result.ExitCode == 0, result.AllOutput);
        var upload = Assert.Single(AzCalls, call => call.Take(3).SequenceEqual(["storage", "blob", "upload"]));
        Assert.Equal("stfromazd", ValueAfter(upload, "--account-name"));
        Assert.Equal(Subscription, ValueAfter(upload, "--subscription"));
    }

    [Fact]
    public void Without_the_environment_or_azd_it_names_what_is_missing_and_calls_nothing()
    {
        var result = Run(("AZURE_STORAGE_ACCOUNT_NAME", null), ("SITE_URL", null));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("not set: AZURE_STORAGE_ACCOUNT_NAME SITE_URL", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(commands.Calls);
    }

    [Theory]
    [InlineData("")]
    [InlineData("func-test.azurewebsites.net")]
    [InlineData("https://func-test.azurewebsites.net/api")]
    public void Anything_but_the_function_app_url_gets_the_usage_line(string argument)
    {
        var result = commands.RunScript(Infra.SmokeScript, argument == "" ? [] : [argument], Environment());

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("usage: scripts/smoke.sh <function-app-url>", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(commands.Calls);
    }

    public void Dispose() => commands.Dispose();

    private IReadOnlyList<string[]> AzCalls => commands.Calls.Where(call => call[0] is "rest" or "storage").ToArray();

    private ProcessResult Run(params (string Name, string? Value)[] overrides)
    {
        var environment = Environment();
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }
        return commands.RunScript(Infra.SmokeScript, [App + "/"], environment);
    }

    private static Dictionary<string, string?> Environment() => new()
    {
        ["AZURE_SUBSCRIPTION_ID"] = Subscription,
        ["AZURE_RESOURCE_GROUP"] = "rg-test",
        ["AZURE_FUNCTION_APP_NAME"] = "func-test",
        ["AZURE_STORAGE_ACCOUNT_NAME"] = "stfake",
        ["SITE_URL"] = Site,
        ["SMOKE_WAIT_SECONDS"] = "0",
        ["SMOKE_WAIT_ATTEMPTS"] = "3",
        ["SMOKE_FUNCTION_KEY"] = null,
    };

    private static string ValueAfter(string[] call, string option)
    {
        var index = Array.IndexOf(call, option);
        Assert.True(index >= 0 && index + 1 < call.Length, $"{option} is missing from: {string.Join(' ', call)}");
        return call[index + 1];
    }
}
