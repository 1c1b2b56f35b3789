using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Data;

/// <summary>
/// Carves a validation set out of a training split, so that settings (the number of epochs, a learning rate, a
/// width) are chosen on data the model does not train on while the test set stays untouched until the end.
/// Taught in chapter 06 ("The training pipeline").
/// </summary>
public static class HoldOut
{
    /// <summary>
    /// Splits <paramref name="split"/> into a training part and a validation part of
    /// <paramref name="validationCount"/> examples, drawn by a random permutation seeded with
    /// <paramref name="seed"/> (the same seed always gives the same split). Both parts are copies; the original
    /// split is left as it was.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The validation part would be empty or hold every example.</exception>
    public static (DataSplit Train, DataSplit Validation) Carve(this DataSplit split, int validationCount, int seed = Course.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (validationCount < 1 || validationCount >= split.Count)
            throw new ArgumentOutOfRangeException(nameof(validationCount), validationCount,
                $"The validation set needs between 1 and {split.Count - 1:N0} of the {split.Count:N0} examples.");
        using var scope = torch.NewDisposeScope();
        using var generator = new Generator((ulong)seed, torch.CPU);
        var order = torch.randperm(split.Count, generator: generator);
        var trainCount = split.Count - validationCount;
        var trainIndex = order.narrow(0, 0, trainCount);
        var validIndex = order.narrow(0, trainCount, validationCount);
        // Gathering on the images' device keeps the copies where the data already lives.
        var train = new DataSplit(split.Images.index_select(0, trainIndex.to(split.Images.device)),
            split.Labels.index_select(0, trainIndex.to(split.Labels.device)));
        var valid = new DataSplit(split.Images.index_select(0, validIndex.to(split.Images.device)),
            split.Labels.index_select(0, validIndex.to(split.Labels.device)));
        return (train, valid);
    }
}
