using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Responsible;

/// <summary>Labels with some of them deliberately wrong, and which ones.</summary>
/// <param name="Labels">The noisy labels, int64 [N].</param>
/// <param name="Flipped">True where the label was changed, bool [N].</param>
public sealed record NoisyLabels(Tensor Labels, Tensor Flipped) : IDisposable
{
    /// <summary>How many labels were changed.</summary>
    public long FlippedCount => Flipped.sum().item<long>();

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Labels.Dispose();
        Flipped.Dispose();
    }
}

/// <summary>
/// Symmetric label noise, the usual model of careless annotation: a chosen fraction of the examples get a wrong label,
/// drawn uniformly from the other classes. Used to measure how much bad labels cost a model. Taught in chapter 12.
/// </summary>
public static class LabelNoise
{
    /// <summary>
    /// A copy of <paramref name="labels"/> in which exactly round(fraction · N) labels, chosen at random, are replaced by
    /// a different class chosen uniformly at random. The same seed gives the same corruption. Taught in chapter 12.
    /// </summary>
    /// <param name="labels">Class indices 0 … classes−1, int64 [N].</param>
    /// <param name="fraction">Share of labels to corrupt, 0 to 1.</param>
    /// <param name="classes">Number of classes (at least 2).</param>
    /// <param name="seed">Seeds the choice of labels and of the wrong classes.</param>
    public static NoisyLabels Flip(Tensor labels, double fraction, int classes, long seed = Course.DefaultSeed)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() != 1 || labels.dtype != ScalarType.Int64)
            throw new ArgumentException($"Labels must be class indices, int64 [N]; got {labels.dtype} [{string.Join(", ", labels.shape)}].", nameof(labels));
        if (!(fraction >= 0 && fraction <= 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The noise fraction is the share of labels to corrupt: a number from 0 to 1.");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A wrong label needs at least two classes.");
        using var scope = torch.NewDisposeScope();
        var n = labels.shape[0];
        if (n > 0 && (labels.min().item<long>() < 0 || labels.max().item<long>() >= classes))
            throw new ArgumentException($"Labels run from {labels.min().item<long>()} to {labels.max().item<long>()}, outside 0 … {classes - 1}.", nameof(labels));
        using var generator = new Generator((ulong)seed, torch.CPU);
        var count = (long)Math.Round(fraction * n);
        var chosen = torch.randperm(n, generator: generator)[..(int)count];
        var flipped = torch.zeros(n, dtype: ScalarType.Bool).index_fill_(0, chosen, true);
        // Adding 1 … classes−1 (mod classes) always lands on a different class, each equally likely.
        var shift = torch.randint(1, classes, [n], generator: generator, dtype: ScalarType.Int64);
        var noisy = torch.where(flipped, (labels.cpu() + shift).remainder(classes), labels.cpu());
        return new NoisyLabels(noisy.to(labels.device).MoveToOuterDisposeScope(), flipped.to(labels.device).MoveToOuterDisposeScope());
    }
}
