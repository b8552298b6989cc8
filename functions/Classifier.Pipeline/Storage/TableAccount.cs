using Azure.Core;
using Azure.Data.Tables;

namespace Classifier.Pipeline.Storage;

/// <summary>
/// The table side of the same storage account the blobs live in (<see cref="StorageClients"/> makes its client):
/// the tables' names and the client's options.
/// </summary>
public static class TableAccount
{
    public const string ReviewTable = "reviews";
    public const string CounterTable = "counters";

    /// <summary>
    /// A short retry budget: the review and stats routes answer people, and the blob step is retried by its
    /// host anyway. The SDK's default (six tries, exponential) leaves a request hanging for 20+ seconds.
    /// </summary>
    public static TableClientOptions ClientOptions()
    {
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 2;
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(10);
        return options;
    }
}
