using Azure.Storage.Blobs;
using Classifier.Pipeline.Storage;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Classifier.Cli.Commands;

/// <summary>
/// Storage for the commands that talk to the app's account, found as the app finds it: the
/// AzureWebJobsStorage setting from the environment (a connection string, or AzureWebJobsStorage__accountName
/// for the signed-in identity, az login), or the command's --storage.
/// </summary>
internal sealed class CliStorage
{
    private readonly AzureComponentFactory _identity;

    public CliStorage(string? storage)
    {
        Configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        if (storage is { Length: > 0 } given)
            Configuration[StorageAccount.SettingName] = given;
        if (!StorageAccount.IsConfigured(Configuration))
            throw new InvalidOperationException($"no storage to talk to: set {StorageAccount.SettingName} (a connection string, or {StorageAccount.SettingName}__accountName to sign in as yourself) or give --storage CONNECTION");
        var services = new ServiceCollection();
        services.AddAzureClientsCore(); // DefaultAzureCredential for an identity-based setting, as in the app
        _identity = services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
    }

    /// <summary>The environment's settings, with --storage in place of AzureWebJobsStorage when given.</summary>
    public IConfiguration Configuration { get; }

    public BlobServiceClient Blobs() => StorageAccount.Connect(Configuration, _identity);

    public Azure.Data.Tables.TableServiceClient Tables() => TableAccount.Connect(Configuration, _identity);

    public const string StorageHelp = "Storage connection string (default: the AzureWebJobsStorage setting from the environment).";
}
