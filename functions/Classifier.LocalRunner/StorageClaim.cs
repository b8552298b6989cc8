using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Classifier.Pipeline.Storage;

namespace Classifier.LocalRunner;

/// <summary>
/// One app per storage: a runner with the blob trigger holds a 30 s lease on a claim blob and renews it. Two
/// blob triggers on one emulator would share its uploads, each classifying some with its own model, so a second
/// runner refuses to start unless told it is another instance of the same app
/// (<see cref="RunnerOptions.JoinAsSecondInstance"/>); such an instance takes the claim over when the holder stops.
/// </summary>
internal sealed class StorageClaim : IAsyncDisposable
{
    public const string Container = "local-runner";
    public const string BlobName = "claim.txt";
    public const string SettingName = "Runner:JoinAsSecondInstance";
    private static readonly TimeSpan LeaseLength = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(10);

    private readonly BlobClient _blob;
    private readonly BlobLeaseClient _lease;
    private string _holder;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewing = Task.CompletedTask;
    private bool _held;

    private StorageClaim(BlobClient blob, string holder, ILogger log)
    {
        _blob = blob;
        _lease = blob.GetBlobLeaseClient(); // a new lease id: this process's
        _holder = holder;
        _log = log;
    }

    /// <summary>Takes the claim, or joins beside its holder when <paramref name="joinAsSecondInstance"/>; otherwise throws <see cref="StorageInUseException"/>.</summary>
    /// <remarks>Taken before the web host listens, so a refused runner never looks started; <see cref="DescribeAsync"/> adds its address.</remarks>
    public static async Task<StorageClaim> TakeAsync(string connectionString, bool joinAsSecondInstance, ILogger log, CancellationToken cancellation)
    {
        var container = new BlobContainerClient(connectionString, Container, StorageAccount.ClientOptions());
        await container.CreateIfNotExistsAsync(cancellationToken: cancellation);
        var blob = container.GetBlobClient(BlobName);
        var claim = new StorageClaim(blob, Describe(null), log);
        if (!await claim.TryAcquireAsync(cancellation))
        {
            var holder = await claim.HolderAsync(cancellation);
            if (!joinAsSecondInstance)
                throw new StorageInUseException(holder);
            log.LogWarning("Joining {Holder} as a second instance of the same app: both blob triggers share the uploads", holder);
        }
        claim._renewing = claim.KeepAsync(joinAsSecondInstance);
        return claim;
    }

    /// <summary>Names this runner's address in the claim, for the message a refused runner prints.</summary>
    public async Task DescribeAsync(Uri address, CancellationToken cancellation)
    {
        _holder = Describe(address);
        if (_held)
            await _blob.UploadAsync(BinaryData.FromString(_holder), new BlobUploadOptions { Conditions = new BlobRequestConditions { LeaseId = _lease.LeaseId } }, cancellation);
    }

    private static string Describe(Uri? address) =>
        $"the local runner {(address is null ? "" : $"at {address} ")}(process {Environment.ProcessId}, started {DateTimeOffset.Now:HH:mm:ss})";

    private async Task<bool> TryAcquireAsync(CancellationToken cancellation)
    {
        try
        {
            try
            {
                await _blob.UploadAsync(BinaryData.FromString(_holder), overwrite: false, cancellation);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // The blob exists (and may be leased): the lease below decides who holds the claim.
            }
            await _lease.AcquireAsync(LeaseLength, cancellationToken: cancellation);
            await _blob.UploadAsync(BinaryData.FromString(_holder), new BlobUploadOptions { Conditions = new BlobRequestConditions { LeaseId = _lease.LeaseId } }, cancellation);
            _held = true;
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false; // LeaseAlreadyPresent: another runner holds it
        }
    }

    private async Task<string> HolderAsync(CancellationToken cancellation)
    {
        try
        {
            var content = await _blob.DownloadContentAsync(cancellation);
            return Encoding.UTF8.GetString(content.Value.Content.ToArray());
        }
        catch (RequestFailedException)
        {
            return "another local runner";
        }
    }

    /// <summary>
    /// Renews the lease while it is held, and takes it again after an outage let it lapse; a second instance keeps
    /// trying to take it, so the app keeps one holder when the first instance stops.
    /// </summary>
    private async Task KeepAsync(bool secondInstance)
    {
        using var timer = new PeriodicTimer(RenewEvery);
        var warned = false;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    if (_held)
                        await _lease.RenewAsync(cancellationToken: _stop.Token);
                    else if (await TryAcquireAsync(_stop.Token))
                        _log.LogWarning(secondInstance ? "The first instance stopped: this runner now holds the storage's claim" : "Storage answers again: this runner holds its claim again");
                    else if (!secondInstance && !warned)
                    {
                        warned = true;
                        _log.LogWarning("Another runner took this storage's claim while it was unreachable; stop one of them");
                    }
                }
                catch (Exception e) when (Classifier.Pipeline.Http.Failures.IsStorageFault(e))
                {
                    _held = false; // unreachable, or the lease lapsed: take it again when storage answers
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        if (_held)
        {
            try
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _lease.ReleaseAsync(cancellationToken: quick.Token);
            }
            catch (Exception e) when (Classifier.Pipeline.Http.Failures.IsStorageFault(e) || e is OperationCanceledException)
            {
                _log.LogInformation("The storage claim was not released ({Reason}); it lapses in {Seconds} s", e.Message, LeaseLength.TotalSeconds);
            }
        }
        _stop.Dispose();
    }
}
