using Classifier.Core.Inference;

namespace Classifier.Pipeline.Model;

/// <summary>
/// Where the process's one classifier comes from. Both hosts register <see cref="ModelLoader"/> (the user's
/// model from storage, else the built-in one); a test host replaces it with one that hands out a classifier
/// loaded once for many hosts. <see cref="ClassifierHolder"/> calls it again after a failed load; whoever
/// loads a classifier disposes it.
/// </summary>
public interface IClassifierLoader
{
    Task<ImageClassifier> LoadAsync(CancellationToken cancellation);
}
