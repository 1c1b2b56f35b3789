using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Efficiency;

/// <summary>Which weights compete for survival when a model is pruned.</summary>
public enum PruningScope
{
    /// <summary>One threshold for all weight matrices together: a layer with many small weights loses more of them.</summary>
    Global,
    /// <summary>Every weight matrix loses the same fraction of its own weights.</summary>
    PerLayer,
}

/// <summary>What <see cref="MagnitudePruning.Prune"/> removed.</summary>
/// <param name="Pruned">Weights set to zero, in total.</param>
/// <param name="Weights">Weights that could be pruned (every entry of every weight matrix).</param>
/// <param name="PerLayer">For each weight matrix (by parameter name): its size and how many of its weights were set to zero.</param>
public sealed record PruningReport(long Pruned, long Weights, IReadOnlyList<(string Name, long Size, long Pruned)> PerLayer)
{
    /// <summary>The fraction of weights that are zero: Pruned / Weights.</summary>
    public double Sparsity => Weights == 0 ? 0 : (double)Pruned / Weights;
}

/// <summary>
/// Unstructured magnitude pruning: set the weights with the smallest absolute values to zero, on the bet that they
/// matter least (LeCun et al. 1990 used second derivatives; Han et al. 2015, arXiv:1506.02626, showed that plain
/// magnitude works well, above all with retraining). Only weight matrices and kernels (parameters with two or more
/// dimensions) are pruned; biases are few and stay. The zeros are still stored and multiplied: the model shrinks and
/// speeds up only when it is saved in a sparse format or run by kernels that skip zeros. Taught in chapter 10.
/// </summary>
public static class MagnitudePruning
{
    /// <summary>
    /// Sets the fraction <paramref name="sparsity"/> of the model's weights with the smallest |w| to exactly zero,
    /// in place, and reports what it removed. Exactly round(sparsity · count) weights are zeroed (ties broken by position).
    /// Taught in chapter 10.
    /// </summary>
    /// <param name="model">The model to prune (changed in place; keep a copy of its state_dict to undo).</param>
    /// <param name="sparsity">Fraction of weights to remove, from 0 (none) to 1 (all).</param>
    /// <param name="scope">One global threshold, or the same fraction in every layer.</param>
    public static PruningReport Prune(nn.Module model, double sparsity, PruningScope scope = PruningScope.Global)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!(sparsity >= 0 && sparsity <= 1))
            throw new ArgumentOutOfRangeException(nameof(sparsity), sparsity, "Sparsity is the fraction of weights to remove: a number from 0 to 1 (0.5 removes half).");
        var weights = Weights(model);
        if (weights.Count == 0)
            throw new ArgumentException("The model has no weight matrices (parameters with two or more dimensions) to prune.", nameof(model));

        using var scope0 = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var groups = scope == PruningScope.Global
            ? new List<List<(string Name, Tensor Weight)>> { weights }
            : weights.Select(w => new List<(string Name, Tensor Weight)> { w }).ToList();
        foreach (var group in groups)
        {
            var sizes = group.Select(w => w.Weight.numel()).ToArray();
            var magnitudes = torch.cat(group.Select(w => w.Weight.detach().abs().flatten()).ToArray());
            var k = (long)Math.Round(sparsity * magnitudes.numel());
            if (k == 0) continue;
            var mask = torch.ones_like(magnitudes);
            mask.index_fill_(0, magnitudes.argsort()[..(int)k], 0.0);
            var pieces = mask.split(sizes);
            for (var i = 0; i < group.Count; i++) group[i].Weight.mul_(pieces[i].view_as(group[i].Weight));
        }
        var perLayer = weights.Select(w => (w.Name, w.Weight.numel(), w.Weight.eq(0).sum().item<long>())).ToArray();
        return new PruningReport(perLayer.Sum(l => l.Item3), perLayer.Sum(l => l.Item2), perLayer);
    }

    /// <summary>The fraction of the model's weights (matrices and kernels, not biases) that are exactly zero. Taught in chapter 10.</summary>
    public static double Sparsity(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var weights = Weights(model);
        long zeros = 0, total = 0;
        foreach (var (_, w) in weights)
        {
            using var isZero = w.eq(0);
            zeros += isZero.sum().item<long>();
            total += w.numel();
        }
        return total == 0 ? 0 : (double)zeros / total;
    }

    private static List<(string Name, Tensor Weight)> Weights(nn.Module model) =>
        model.named_parameters().Where(p => p.parameter.dim() >= 2).Select(p => (p.name, (Tensor)p.parameter)).ToList();
}

/// <summary>
/// A pruned model wrapped for retraining: the weights that are exactly zero when it is wrapped are set back to zero
/// before every forward pass, so the optimizer can train the surviving weights while the pruned ones stay pruned
/// (Han et al. 2015 retrain this way). Train it with the course's <see cref="Training.Trainer"/> like any model, then call
/// <see cref="ApplyMask"/> once more to undo the last step's updates of the pruned weights. Taught in chapter 10.
/// </summary>
public sealed class MaskedModel : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> inner;
    private readonly List<(Tensor Weight, Tensor Mask)> masks;

    /// <summary>Wraps <paramref name="model"/> (usually just pruned by <see cref="MagnitudePruning.Prune"/>), remembering where its weights are zero.</summary>
    public MaskedModel(nn.Module<Tensor, Tensor> model) : base(nameof(MaskedModel))
    {
        inner = model ?? throw new ArgumentNullException(nameof(model));
        masks = model.named_parameters().Where(p => p.parameter.dim() >= 2)
            .Select(p => ((Tensor)p.parameter, p.parameter.detach().ne(0).to(p.parameter.dtype).DetachFromDisposeScope()))
            .ToList();
        RegisterComponents();
    }

    /// <summary>The wrapped model, whose weights are trained in place.</summary>
    public nn.Module<Tensor, Tensor> Model => inner;

    /// <summary>Sets the pruned weights to zero again. Taught in chapter 10.</summary>
    public void ApplyMask()
    {
        using var noGrad = torch.no_grad();
        foreach (var (weight, mask) in masks) weight.mul_(mask);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        ApplyMask();
        return inner.forward(input);
    }
}
