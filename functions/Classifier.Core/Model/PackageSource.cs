namespace Classifier.Core.Model;

/// <summary>Where a served package came from; /api/model reports it as "built-in", "folder" or "storage".</summary>
public enum PackageSource
{
    /// <summary>The default model shipped with the app, used only when no model is configured at all.</summary>
    BuiltIn,
    /// <summary>A local package folder (Classifier__ModelFolder, ./run.sh --model DIR, the CLI's --model).</summary>
    Folder,
    /// <summary>Downloaded from the models container (a published version, or files at its root).</summary>
    Storage,
}
