namespace Classifier.Training;

/// <summary>What a progress stage counts, so a line can say "12/40 images" or "epoch 30/30".</summary>
public enum ProgressUnit
{
    Images,
    Epochs,
}
