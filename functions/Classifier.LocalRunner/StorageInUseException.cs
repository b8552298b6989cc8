namespace Classifier.LocalRunner;

/// <summary>Another runner's blob trigger already works on this storage: starting a second one would share its uploads.</summary>
public sealed class StorageInUseException(string holder) : InvalidOperationException(
    $"another runner is using this storage: {holder}. A second blob trigger here would take some of its uploads and " +
    "classify them with this runner's model. Either give this runner its own storage, another PORT and another " +
    "Azurite (PORT=8080 AZURITE_PORT=20000 ./run.sh, or set AzureWebJobsStorage to a different storage); or, to run " +
    "a second instance of the same app, serving the same model and deployment record (what two Flex instances do), " +
    $"set {StorageClaim.SettingName.Replace(":", "__", StringComparison.Ordinal)}=true.")
{
    public string Holder { get; } = holder;
}
