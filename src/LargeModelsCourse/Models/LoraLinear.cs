using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Models;

/// <summary>
/// LoRA (low-rank adaptation, Hu et al. 2021): a frozen linear layer W plus a trainable update of rank r,
/// y = W x + b + (α / r) · B A x, with A [r, in] drawn small and random and B [out, r] starting at zero, so the
/// wrapped layer starts out computing exactly what the base layer computed. Only A and B train:
/// r · (in + out) numbers instead of in · out. <see cref="Merged"/> folds the update into one ordinary layer,
/// W + (α / r) · B A, which computes the same outputs at the base layer's cost.
/// Taught in chapter 13 ("Pre-training and fine-tuning").
/// </summary>
public sealed class LoraLinear : Module<Tensor, Tensor>
{
    private readonly Linear baseLayer;
    private readonly Parameter a, b;

    /// <summary>Wraps <paramref name="baseLayer"/> (whose parameters are frozen) with a rank-<paramref name="rank"/> update scaled by α / r.</summary>
    public LoraLinear(Linear baseLayer, int rank, double alpha, Generator? generator = null) : base(nameof(LoraLinear))
    {
        ArgumentNullException.ThrowIfNull(baseLayer);
        if (rank < 1) throw new ArgumentOutOfRangeException(nameof(rank), rank, "The rank must be at least 1.");
        if (alpha <= 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "α must be positive.");
        this.baseLayer = baseLayer;
        foreach (var p in baseLayer.parameters()) p.requires_grad = false;
        var (outFeatures, inFeatures) = (baseLayer.weight!.shape[0], baseLayer.weight.shape[1]);
        Rank = rank;
        Scale = alpha / rank;
        // A like a default linear layer's weights, B zero: the product B A starts at zero.
        var bound = 1.0 / Math.Sqrt(inFeatures);
        a = Parameter((torch.rand(rank, inFeatures, generator: generator) * 2 - 1) * bound);
        b = Parameter(torch.zeros(outFeatures, rank));
        RegisterComponents();
    }

    /// <summary>The rank r of the update.</summary>
    public int Rank { get; }

    /// <summary>α / r, the factor the update is multiplied by.</summary>
    public double Scale { get; }

    /// <summary>The frozen layer inside.</summary>
    public Linear Base => baseLayer;

    /// <summary>The down-projection A [r, in].</summary>
    public Parameter A => a;

    /// <summary>The up-projection B [out, r].</summary>
    public Parameter B => b;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x) => baseLayer.forward(x) + x.matmul(a.t()).matmul(b.t()) * Scale;

    /// <summary>The weight update (α / r) · B A that the adapter adds to the base weight.</summary>
    public Tensor Update() => b.matmul(a) * Scale;

    /// <summary>A new ordinary layer with weight W + (α / r) · B A and the base bias: the same outputs, no adapter.</summary>
    public Linear Merged()
    {
        var (outFeatures, inFeatures) = (baseLayer.weight!.shape[0], baseLayer.weight.shape[1]);
        var merged = Linear(inFeatures, outFeatures, hasBias: baseLayer.bias is not null);
        using (torch.no_grad())
        {
            merged.weight!.copy_(baseLayer.weight + Update());
            if (baseLayer.bias is not null) merged.bias!.copy_(baseLayer.bias);
        }
        return merged;
    }
}
