using System.Net;
using Classifier.Core.Inference;
using Classifier.Pipeline;
using Classifier.Pipeline.Blobs;
using Classifier.Pipeline.Model;
using Classifier.Pipeline.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Classifier.LocalRunner;

/// <summary>
/// The local stand-in for the Functions host: the site at "/", the API under "/api" on 127.0.0.1, and the
/// blob trigger on the same storage. <c>await using var runner = await LocalRunner.StartAsync(options)</c>;
/// disposing it stops both hosts.
/// </summary>
public sealed class LocalRunner : IAsyncDisposable
{
    private readonly WebApplication _web;
    private readonly LocalBlobHostSupervisor? _blobHost;
    private readonly LocalMissedUploadSweeper? _sweeper;
    private readonly StorageClaim? _claim;

    private LocalRunner(WebApplication web, LocalBlobHostSupervisor? blobHost, LocalMissedUploadSweeper? sweeper, StorageClaim? claim, Uri baseAddress)
    {
        _web = web;
        _blobHost = blobHost;
        _sweeper = sweeper;
        _claim = claim;
        BaseAddress = baseAddress;
    }

    /// <summary>http://127.0.0.1:PORT/ (with the trailing slash).</summary>
    public Uri BaseAddress { get; }

    public Uri ApiBase => new(BaseAddress, "api/");

    public IServiceProvider Services => _web.Services;

    public static async Task<LocalRunner> StartAsync(RunnerOptions options, CancellationToken cancellation = default)
    {
        var warmUp = StartupWarmUp.Start(); // on the other core while this one builds the web host
        WebApplication web;
        try
        {
            web = BuildWebApp(options);
        }
        catch
        {
            await warmUp; // ONNX Runtime still starting when the process exits aborts it natively
            throw;
        }
        LocalBlobHostSupervisor? blobHost = null;
        LocalMissedUploadSweeper? sweeper = null;
        StorageClaim? claim = null;
        var webStarted = false;
        var model = Task.CompletedTask;
        try
        {
            var services = web.Services;
            // Settings first, all of them: a bad one is refused in one message before the model loads or a port opens.
            ValidateSettings(services);
            // The model loads while the web host starts and serves: the first prediction waits for the model only.
            model = LoadModelAsync(services, cancellation);
            if (options.OnUploadProcessed is { } callback)
                services.GetRequiredService<UploadProcessor>().Processed += callback;
            if (options.BlobTrigger)
            {
                await services.GetRequiredService<PredictionStore>().EnsureContainersAsync(cancellation);
                var joinAsSecondInstance = options.JoinAsSecondInstance
                    || string.Equals(web.Configuration[StorageClaim.SettingName], "true", StringComparison.OrdinalIgnoreCase);
                claim = await StorageClaim.TakeAsync(options.StorageConnectionString!, joinAsSecondInstance,
                    services.GetRequiredService<ILogger<StorageClaim>>(), cancellation);
            }
            await web.StartAsync(cancellation);
            webStarted = true;
            await model;
            var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            if (claim is not null)
                await claim.DescribeAsync(new Uri(address), cancellation);
            if (options.BlobTrigger)
            {
                var processor = services.GetRequiredService<UploadProcessor>();
                blobHost = new LocalBlobHostSupervisor(
                    failures => BlobTriggerHost.Build(options.StorageConnectionString!, processor, services.GetRequiredService<PoisonedUploads>(), options.Verbose, failures),
                    services.GetRequiredService<ILogger<LocalBlobHostSupervisor>>());
                await blobHost.StartAsync(cancellation);
                sweeper = new LocalMissedUploadSweeper(services.GetRequiredService<PredictionStore>(), processor, TimeProvider.System,
                    services.GetRequiredService<ILogger<LocalMissedUploadSweeper>>());
                sweeper.Start();
            }
            return new LocalRunner(web, blobHost, sweeper, claim, new Uri(address.TrimEnd('/') + "/"));
        }
        catch
        {
            // The start failure is what is reported; the load and the warm-up are awaited, not left running, because
            // ONNX Runtime still creating a session when the process exits aborts it ("Fatal error in cpuinfo").
            await Task.WhenAll(warmUp, model.ContinueWith(loading => loading.Exception, TaskScheduler.Default));
            if (sweeper is not null)
                await sweeper.DisposeAsync();
            if (blobHost is not null)
                await blobHost.DisposeAsync();
            if (claim is not null)
                await claim.DisposeAsync();
            try
            {
                await web.StopAsync(CancellationToken.None);
            }
            catch (Exception) when (!webStarted)
            {
                // A host whose start failed (a setting refused by ValidateOnStart) may throw from StopAsync; the start failure is the news.
            }
            await web.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Every settings check the host would run at start, now; the refusals as one <see cref="OptionsValidationException"/>
    /// listing each once (the validator gathers several into an AggregateException, and a composed settings type repeats
    /// the failures of the sections it reads).
    /// </summary>
    private static void ValidateSettings(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is OptionsValidationException))
        {
            var refusals = e.InnerExceptions.Cast<OptionsValidationException>().ToList();
            throw new OptionsValidationException(refusals[0].OptionsName, refusals[0].OptionsType, refusals.SelectMany(r => r.Failures).Distinct());
        }
    }

    internal static WebApplication BuildWebApp(RunnerOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        if (options.Configuration is not null)
            builder.Configuration.AddConfiguration(options.Configuration);
        builder.Configuration.AddInMemoryCollection(options.Settings);
        if (options.StorageConnectionString is null && options.BlobTrigger)
            throw new ArgumentException("the blob trigger needs storage: set StorageConnectionString, or turn the blob trigger off");
        // No storage: an empty setting, also over one from the environment.
        builder.Configuration.AddInMemoryCollection([new(StorageAccount.SettingName, options.StorageConnectionString ?? "")]);

        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(options.Verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Azure.Core", LogLevel.Error);

        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            // What the Functions host enforces in front of the worker (FUNCTIONS_REQUEST_BODY_SIZE_LIMIT, default
            // 100 MB); its other limits are Kestrel's defaults, as here. The handlers refuse an image body over
            // Classifier__MaxImageBytes from its Content-Length first.
            kestrel.Limits.MaxRequestBodySize = FunctionsHostLimits.MaxRequestBodyBytes;
        });
        builder.Services.AddClassifierPipeline(builder.Configuration);
        options.ConfigureServices?.Invoke(builder.Services);
        builder.Services.AddClientRateLimits();

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseProblemResponses();
        app.UseBrowserGuards();
        app.UseRateLimiter();
        ServeSite(app, options.SiteRoot);
        app.MapApi();
        return app;
    }

    private static void ServeSite(WebApplication app, string? siteRoot)
    {
        if (siteRoot is not null && Directory.Exists(siteRoot))
        {
            var files = new PhysicalFileProvider(Path.GetFullPath(siteRoot));
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            return;
        }
        app.MapGet("/", () => Results.Text(
            "The API runs under /api. The site is not built: dotnet run --project web/SiteBuilder -- --out web/dist, " +
            "then start the runner with --site web/dist (./run.sh does both).\n"));
    }

    /// <summary>Loads the model (on a pool thread) for the first request; a model that fails is reported by /api/health, not fatal.</summary>
    private static async Task LoadModelAsync(IServiceProvider services, CancellationToken cancellation)
    {
        try
        {
            await Task.Run(() => services.GetRequiredService<ClassifierHolder>().GetAsync(cancellation), cancellation);
        }
        catch (ModelUnavailableException e)
        {
            services.GetRequiredService<ILogger<LocalRunner>>().LogWarning("No model yet: {Reason}", e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_sweeper is not null)
            await _sweeper.DisposeAsync();
        // The blob host first: it finishes the uploads in hand while the web host can still answer.
        if (_blobHost is not null)
            await _blobHost.DisposeAsync();
        if (_claim is not null)
            await _claim.DisposeAsync(); // after the blob host: the uploads in hand were this runner's to finish
        await _web.StopAsync(CancellationToken.None);
        await _web.DisposeAsync();
    }

    /// <summary>How many times the blob trigger host was replaced after a failure.</summary>
    public int BlobHostRestarts => _blobHost?.Restarts ?? 0;

    /// <summary>The model served, for the bench and for logs.</summary>
    internal Task<ImageClassifier> ClassifierAsync() => Services.GetRequiredService<ClassifierHolder>().GetAsync();
}
