using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using TestSupport.FunctionsHost.Rpc;

namespace TestSupport.FunctionsHost;

/// <summary>
/// The built Functions app (isolated worker) started as the Functions host starts it, with this process
/// in the host's place: the worker connects to a gRPC server here, is initialised, indexes its own functions
/// and loads each one; <see cref="InvokeHttpAsync(HttpRequestMessage, IPAddress?)"/>, <see cref="InvokeBlobAsync"/> and <see cref="InvokeQueueAsync"/>
/// invoke them as the host does. Host features are not reproduced: no keys are checked, no retries, no
/// Event Grid (docs/local.md). <c>await using var worker = await FunctionsWorker.StartAsync(settings);</c>;
/// disposing it kills the worker process and stops the server, also when a test failed.
/// </summary>
public sealed class FunctionsWorker : IAsyncDisposable
{
    /// <summary>The header the host pairs a proxied HTTP request with its InvocationRequest by.</summary>
    public const string InvocationIdHeader = "x-ms-invocation-id";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    private readonly HostRpcServer _server;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Stopwatch _started = Stopwatch.StartNew();
    private readonly HttpClient _http = new(new ProxyRetryHandler(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })) { Timeout = InvocationTimeout };
    private IReadOnlyList<LoadedFunction> _functions = [];
    private Uri? _httpUri;

    private FunctionsWorker(HostRpcServer server, Process process)
    {
        _server = server;
        _process = process;
        _server.Stream.Logged += log => Write(Describe(log));
    }

    /// <summary>Where the worker's logs (RpcLog) and console output go as they arrive: the test's output.</summary>
    public Action<string>? Log { get; set; }

    /// <summary>The functions the worker indexed and loaded, by name.</summary>
    public IReadOnlyList<string> Functions => _functions.Select(f => f.Name).ToList();

    /// <summary>Every log line so far (for a failure message).</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <param name="settings">The app settings, as the host puts them in the worker's environment; a null value removes the variable.</param>
    /// <param name="log">Where log lines go from the start on.</param>
    /// <param name="appDirectory">The built or published app; the Functions build output by default.</param>
    /// <exception cref="FunctionsWorkerStartException">The worker exited, failed its initialisation or a function failed to load; the message holds its logs.</exception>
    public static async Task<FunctionsWorker> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<string>? log = null, string? appDirectory = null)
    {
        appDirectory ??= RepoPaths.FunctionsOutput;
        var entry = Path.Combine(appDirectory, "Classifier.Functions.dll");
        if (!File.Exists(entry))
            throw new InvalidOperationException($"{entry} is missing: build functions/Classifier.Functions in {RepoPaths.Configuration}");

        var server = await HostRpcServer.StartAsync();
        FunctionsWorker? worker = null;
        try
        {
            var workerId = Guid.NewGuid().ToString();
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = appDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var arg in new[]
            {
                entry, "--functions-uri", server.Address.ToString(), "--functions-worker-id", workerId,
                "--functions-request-id", Guid.NewGuid().ToString(), "--functions-grpc-max-message-length", $"{int.MaxValue}",
            })
            {
                start.ArgumentList.Add(arg);
            }
            // The test process's own telemetry setting must not leak in: the worker gets only what the host gives it.
            start.Environment.Remove("APPLICATIONINSIGHTS_CONNECTION_STRING");
            start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
            start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = appDirectory;
            start.Environment["AzureWebJobsScriptRoot"] = appDirectory;
            foreach (var (name, value) in settings)
            {
                if (value is null)
                    start.Environment.Remove(name);
                else
                    start.Environment[name] = value;
            }

            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            worker = new FunctionsWorker(server, process) { Log = log };
            process.OutputDataReceived += (_, e) => worker.WriteConsole(e.Data);
            process.ErrorDataReceived += (_, e) => worker.WriteConsole(e.Data);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            await worker.InitialiseAsync(appDirectory);
            return worker;
        }
        catch (Exception e) when (e is not FunctionsWorkerStartException)
        {
            var output = worker?.Output ?? "";
            await DisposeQuietly(worker, server);
            throw new FunctionsWorkerStartException($"the Functions worker did not start: {e.Message}", output, e);
        }
        catch
        {
            await DisposeQuietly(worker, server);
            throw;
        }
    }

    private static async Task DisposeQuietly(FunctionsWorker? worker, HostRpcServer server)
    {
        if (worker is not null)
            await worker.DisposeAsync();
        else
            await server.DisposeAsync();
    }

    private async Task InitialiseAsync(string appDirectory)
    {
        var exited = _process.WaitForExitAsync();
        await Until(_server.Stream.Started, exited, "connect");

        var init = await Until(_server.Stream.RequestAsync(new StreamingMessage
        {
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = "4.0.0-test",
                WorkerDirectory = appDirectory,
                FunctionAppDirectory = appDirectory,
            },
        }, m => m.ContentCase == StreamingMessage.ContentOneofCase.WorkerInitResponse, StartTimeout), exited, "initialise");
        Check(init.WorkerInitResponse.Result, "initialise");
        if (!init.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var httpUri))
            throw Failed("the worker advertised no HttpUri capability (ASP.NET Core integration)");
        _httpUri = new Uri(httpUri);

        var metadata = await Until(_server.Stream.RequestAsync(new StreamingMessage
        {
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        }, m => m.ContentCase == StreamingMessage.ContentOneofCase.FunctionMetadataResponse, StartTimeout), exited, "index its functions");
        Check(metadata.FunctionMetadataResponse.Result, "index its functions");

        var prefix = RoutePrefix(appDirectory);
        var functions = metadata.FunctionMetadataResponse.FunctionMetadataResults.Select(m => new LoadedFunction(m, prefix)).ToList();
        var loads = functions.Select(function => _server.Stream.RequestAsync(new StreamingMessage
        {
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.Metadata },
        }, m => m.ContentCase == StreamingMessage.ContentOneofCase.FunctionLoadResponse && m.FunctionLoadResponse.FunctionId == function.Id, StartTimeout));
        foreach (var (function, load) in functions.Zip(await Until(Task.WhenAll(loads), exited, "load its functions")))
            Check(load.FunctionLoadResponse.Result, $"load {function.Name}");
        _functions = functions;
    }

    /// <summary>The route prefix the host puts before every HTTP route (host.json extensions.http.routePrefix, "api" by default).</summary>
    private static string RoutePrefix(string appDirectory)
    {
        var hostJson = Path.Combine(appDirectory, "host.json");
        if (!File.Exists(hostJson))
            return "api";
        using var document = JsonDocument.Parse(File.ReadAllText(hostJson));
        return document.RootElement.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("http", out var http) &&
               http.TryGetProperty("routePrefix", out var prefix)
            ? prefix.GetString() ?? "api"
            : "api";
    }

    private async Task<T> Until<T>(Task<T> step, Task exited, string what)
    {
        var first = await Task.WhenAny(step, exited, Task.Delay(StartTimeout));
        if (first == step)
            return await step;
        if (first == exited)
        {
            _process.WaitForExit(); // drains the redirected output, so the message carries the worker's own words
            throw Failed($"the worker exited with code {_process.ExitCode} before it could {what}");
        }
        throw Failed($"the worker did not {what} within {StartTimeout.TotalSeconds:0} s");
    }

    private void Check(StatusResult result, string what)
    {
        if (result.Status != StatusResult.Types.Status.Success)
            throw Failed($"the worker could not {what}: {result.Exception?.Message ?? result.Result}");
    }

    private FunctionsWorkerStartException Failed(string message) => new(message, Output);

    /// <summary>
    /// Sends <paramref name="request"/> (a path under the route prefix, such as /api/predict?top=3) as the host
    /// forwards it to the worker: an InvocationRequest for the function whose route and method match, and the
    /// same HTTP request on the worker's own Kestrel, paired by <see cref="InvocationIdHeader"/>.
    /// </summary>
    /// <param name="client">
    /// The caller's address as the host saw it. The host forwards with YARP's default transforms, which set
    /// X-Forwarded-For (and -Proto, -Host) to what the host saw, replacing any value the caller sent. Loopback
    /// by default: a caller on this machine.
    /// </param>
    public async Task<HttpResponseMessage> InvokeHttpAsync(HttpRequestMessage request, IPAddress? client = null)
    {
        var target = request.RequestUri ?? throw new ArgumentException("the request has no path", nameof(request));
        var original = target.IsAbsoluteUri ? target : new Uri(new Uri("http://localhost"), target);
        var path = PathString.FromUriComponent(original).Value ?? "/";
        RouteMatch? matched = null;
        foreach (var function in _functions)
        {
            if (function.MatchHttp(request.Method.Method, path) is { } values)
            {
                matched = new RouteMatch(function, values);
                break;
            }
        }
        if (matched is not { } match)
            throw new InvalidOperationException($"no function of this app answers {request.Method} {path}");

        var invocationId = Guid.NewGuid().ToString();
        var http = new RpcHttp { Method = request.Method.Method, Url = original.ToString() };
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
            http.Headers[header.Key.ToLowerInvariant()] = string.Join(",", header.Value);
        foreach (var (key, value) in QueryHelpers(original))
            http.Query[key] = value;
        var invocation = new InvocationRequest
        {
            InvocationId = invocationId,
            FunctionId = match.Function.Id,
            InputData = { new ParameterBinding { Name = match.Function.TriggerName, Data = new TypedData { Http = http } } },
        };
        foreach (var (key, value) in match.Values)
        {
            http.Params[key] = value?.ToString() ?? "";
            invocation.TriggerMetadata[key] = new TypedData { String = value?.ToString() ?? "" };
        }
        var answered = InvokeAsync(invocation, match.Function.Name);

        using var forwarded = new HttpRequestMessage(request.Method, new Uri(_httpUri!, original.PathAndQuery)) { Content = request.Content };
        foreach (var header in request.Headers)
            forwarded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        foreach (var (name, value) in new[]
        {
            ("X-Forwarded-For", (client ?? IPAddress.Loopback).ToString()), ("X-Forwarded-Proto", original.Scheme), ("X-Forwarded-Host", original.Authority),
        })
        {
            forwarded.Headers.Remove(name);
            forwarded.Headers.TryAddWithoutValidation(name, value);
        }
        forwarded.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        var response = await _http.SendAsync(forwarded);
        await response.Content.LoadIntoBufferAsync();
        await answered; // the invocation's own end, so its logs are in before the test reads the answer
        return response;
    }

    public Task<HttpResponseMessage> InvokeHttpAsync(HttpMethod method, string pathAndQuery, HttpContent? content = null, IPAddress? client = null) =>
        InvokeHttpAsync(new HttpRequestMessage(method, new Uri(pathAndQuery, UriKind.Relative)) { Content = content }, client);

    /// <summary>
    /// One delivery of the blob trigger watching <paramref name="container"/> for <paramref name="blobName"/>, as
    /// the host makes it for an Event Grid blob-created event: the input is ModelBindingData from which the
    /// worker builds its BlobClient with its own AzureWebJobsStorage. No retry: a test repeats the call to be the host's next try.
    /// </summary>
    public Task<InvocationResult> InvokeBlobAsync(string container, string blobName)
    {
        var function = _functions.FirstOrDefault(f => f.BlobContainer == container)
            ?? throw new InvalidOperationException($"no blob trigger of this app watches {container}");
        var connection = function.Trigger.TryGetProperty("connection", out var c) ? c.GetString() : "AzureWebJobsStorage";
        var content = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string?>
        {
            ["Connection"] = connection,
            ["ContainerName"] = container,
            ["BlobName"] = blobName,
        });
        var invocation = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            InputData =
            {
                new ParameterBinding
                {
                    Name = function.TriggerName,
                    Data = new TypedData
                    {
                        ModelBindingData = new ModelBindingData
                        {
                            Version = "1.0", Source = "AzureStorageBlobs", ContentType = "application/json", Content = ByteString.CopyFrom(content),
                        },
                    },
                },
            },
            TriggerMetadata =
            {
                ["name"] = new TypedData { String = blobName },
                ["BlobTrigger"] = new TypedData { String = $"{container}/{blobName}" },
            },
        };
        return InvokeAsync(invocation, function.Name);
    }

    /// <summary>
    /// One delivery of a queue message to the queue trigger on <paramref name="queueName"/>, as the host makes it:
    /// the message text as the input, and the host's trigger metadata (DequeueCount above all: the host's count of
    /// deliveries of this message, kept in storage), with the message's id and pop receipt when the test received a
    /// real one. No retry, no poison queue: a test repeats the call, with the count the host would give, to be its next try.
    /// </summary>
    public Task<InvocationResult> InvokeQueueAsync(string queueName, string message, long dequeueCount, string? id = null, string? popReceipt = null)
    {
        var function = _functions.FirstOrDefault(f => f.QueueName == queueName)
            ?? throw new InvalidOperationException($"no queue trigger of this app reads {queueName}");
        var invocation = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            InputData = { new ParameterBinding { Name = function.TriggerName, Data = new TypedData { String = message } } },
            TriggerMetadata =
            {
                ["QueueTrigger"] = new TypedData { String = message },
                // As JSON: the worker's binding data takes strings and JSON, not TypedData's int.
                ["DequeueCount"] = new TypedData { Json = dequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
                ["Id"] = new TypedData { String = id ?? Guid.NewGuid().ToString() },
            },
        };
        if (popReceipt is not null)
            invocation.TriggerMetadata["PopReceipt"] = new TypedData { String = popReceipt };
        return InvokeAsync(invocation, function.Name);
    }

    private async Task<InvocationResult> InvokeAsync(InvocationRequest invocation, string functionName)
    {
        // Always a trace context: the worker dereferences it on every invocation.
        invocation.TraceContext = new RpcTraceContext
        {
            TraceParent = $"00-{Guid.NewGuid():N}-{Guid.NewGuid().ToString("N")[..16]}-00",
            Attributes = { ["OperationName"] = functionName },
        };
        var answer = await _server.Stream.RequestAsync(new StreamingMessage { InvocationRequest = invocation },
            m => m.ContentCase == StreamingMessage.ContentOneofCase.InvocationResponse && m.InvocationResponse.InvocationId == invocation.InvocationId,
            InvocationTimeout);
        var result = answer.InvocationResponse.Result;
        return result.Status == StatusResult.Types.Status.Success
            ? new InvocationResult(true, null)
            : new InvocationResult(false, result.Exception?.Message ?? result.Result);
    }

    private static IEnumerable<(string Key, string Value)> QueryHelpers(Uri uri) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(uri.Query).Select(q => (q.Key, q.Value.ToString()));

    private static string Describe(RpcLog log)
    {
        var line = $"[{log.Level}] {log.Category}: {log.Message}";
        return log.Exception is { } e ? $"{line} ({e.Message})" : line;
    }

    private void WriteConsole(string? line)
    {
        if (line is not null)
            Write("[console] " + line);
    }

    private void Write(string text)
    {
        var line = $"[+{_started.Elapsed.TotalSeconds:0.0} s] {text}"; // time since start: where a slow test waited
        lock (_output)
            _output.AppendLine(line);
        try
        {
            Log?.Invoke(line);
        }
        catch (InvalidOperationException)
        {
            // the test that set the sink has ended (xunit refuses output then); the line stays in Output
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // never started
        }
        finally
        {
            _process.Dispose();
            _http.Dispose();
            await _server.DisposeAsync();
        }
    }

    private readonly record struct RouteMatch(LoadedFunction Function, Microsoft.AspNetCore.Routing.RouteValueDictionary Values);
}
