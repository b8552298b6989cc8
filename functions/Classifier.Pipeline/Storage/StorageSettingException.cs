namespace Classifier.Pipeline.Storage;

/// <summary>
/// AzureWebJobsStorage is set but is not a connection string the storage SDK can read (a typo, a pasted
/// fragment): the SDK's own words ("Settings must be of the form name=value") name neither the setting nor a fix.
/// </summary>
public sealed class StorageSettingException(string reason) : InvalidOperationException(
    $"setting {StorageAccount.SettingName} is not a usable storage connection string ({reason.TrimEnd('.')}): give the full string " +
    "(locally the one ./run.sh prints under Storage, or UseDevelopmentStorage=true for Azurite on its standard ports), " +
    $"or {StorageAccount.SettingName}__accountName for an identity-based connection");
