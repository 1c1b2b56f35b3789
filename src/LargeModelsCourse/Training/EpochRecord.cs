namespace LargeModelsCourse.Training;

/// <summary>
/// What one epoch of training measured. Losses are means over the epoch's examples; accuracies are
/// fractions (0.97 = 97 %) and null when the task has none (a regression). Taught in chapter 06.
/// </summary>
/// <param name="Epoch">1 for the first epoch a trainer ran (numbering continues across calls to Fit).</param>
/// <param name="TrainLoss">Mean training loss, averaged over the epoch's steps while the weights changed.</param>
/// <param name="TrainAccuracy">Share of training examples predicted correctly during the epoch.</param>
/// <param name="TestLoss">Mean loss on the test set after the epoch, or null when none was given per epoch.</param>
/// <param name="TestAccuracy">Accuracy on the test set after the epoch.</param>
/// <param name="Seconds">Time of the training loop alone (not the test evaluation).</param>
/// <param name="Samples">Training examples in the epoch.</param>
public sealed record EpochRecord(
    int Epoch,
    double TrainLoss,
    double? TrainAccuracy,
    double? TestLoss,
    double? TestAccuracy,
    double Seconds,
    long Samples)
{
    /// <summary>
    /// Mean loss on the validation set (carved from the training data) after the epoch, or null when training
    /// ran without one. Choose epochs and settings on this, never on the test set. Taught in chapter 06.
    /// </summary>
    public double? ValidationLoss { get; init; }

    /// <summary>Accuracy on the validation set after the epoch, or null.</summary>
    public double? ValidationAccuracy { get; init; }
}
