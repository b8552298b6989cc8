namespace Classifier.Training;

/// <summary>Progress callbacks for long work; a CLI draws bars from them.</summary>
public interface ITrainingProgress
{
    IProgress<int> Stage(string name, int total);
}
