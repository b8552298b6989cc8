namespace Classifier.Pipeline;

/// <summary>One settings type the host binds (registered by <see cref="SettingsRegistration.AddSettings{T}"/>), for <see cref="UnknownSettingsWarning"/>.</summary>
internal sealed record SettingsType(Type Type);
