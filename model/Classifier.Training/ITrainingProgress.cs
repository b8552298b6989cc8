namespace Classifier.Training;

/// <summary>Progress callbacks for long work; a CLI draws bars from them.</summary>
public interface ITrainingProgress
{
    /// <param name="unit">What is counted: images, or the epochs of a head being fitted.</param>
    IProgress<int> Stage(string name, int total, ProgressUnit unit = ProgressUnit.Images);
}
