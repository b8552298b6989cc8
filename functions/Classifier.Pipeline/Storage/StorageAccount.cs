using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;

namespace Classifier.Pipeline.Storage;

/// <summary>
/// The host's storage setting and the blob clients' options; <see cref="StorageClients"/> makes the clients.
/// </summary>
public static class StorageAccount
{
    public const string SettingName = "AzureWebJobsStorage";

    /// <summary>
    /// Azure.Storage.Blobs 12.30 speaks a service version newer than Azurite 3.37 accepts; Azure itself
    /// serves this one too, so pin it everywhere rather than only when the endpoint looks local.
    /// </summary>
    public static BlobClientOptions ClientOptions() => new(BlobClientOptions.ServiceVersion.V2026_06_06);

    /// <summary>
    /// For clients a person waits on (the HTTP routes): one quick retry and a short network timeout, so an
    /// unreachable storage answers 503 in about two seconds instead of after the SDK's six patient retries.
    /// Background work keeps <see cref="ClientOptions"/>.
    /// </summary>
    public static BlobClientOptions RequestPathOptions() => RequestPathOptions(TimeSpan.FromSeconds(1));

    /// <summary>
    /// For storing an upload a person waits on: the same quick retry, but no short network timeout, since
    /// sending a 20 MB body can take longer than a second; the caller bounds the call with a deadline that
    /// grows with the body instead (<see cref="UploadDeadline"/>).
    /// </summary>
    public static BlobClientOptions UploadPathOptions() => RequestPathOptions(TimeSpan.FromSeconds(100));

    /// <summary>
    /// How long storing an upload may take, both tries together: 2.5 s (a hung storage still answers 503 within
    /// the 3 s the routes promise), plus 1 s for every 4 MB of body.
    /// </summary>
    public static TimeSpan UploadDeadline(long bytes) => TimeSpan.FromSeconds(2.5 + bytes / (4.0 * 1024 * 1024));

    private static BlobClientOptions RequestPathOptions(TimeSpan networkTimeout)
    {
        var options = ClientOptions();
        options.Retry.MaxRetries = 1;
        options.Retry.Mode = Azure.Core.RetryMode.Fixed;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = networkTimeout;
        return options;
    }

    /// <summary>True when the storage setting is there, as a connection string or in its identity-based form.</summary>
    public static bool IsConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[SettingName]) || configuration.GetSection(SettingName).GetChildren().Any();
}
