namespace Classifier.Pipeline.Storage;

/// <summary>
/// No storage setting at all (the local runner's <c>--no-storage</c>, or a missing app setting): every storage
/// client fails this way, and the HTTP routes answer 501 for it in one place (<c>RequestGuard</c>).
/// </summary>
public sealed class StorageNotConfiguredException() : InvalidOperationException(
    $"storage is not configured: set {StorageAccount.SettingName} to a connection string (UseDevelopmentStorage=true for Azurite) " +
    $"or {StorageAccount.SettingName}__accountName for an identity-based connection");
