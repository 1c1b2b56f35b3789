using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LargeModelsCourse.Responsible;

/// <summary>What one DP-SGD gradient computation saw.</summary>
/// <param name="Norms">Each example's gradient norm before clipping, [B] (read it, do not keep it: it belongs to the caller's scope).</param>
/// <param name="ClippedFraction">The share of examples whose gradient was longer than the clipping norm and was shortened.</param>
public sealed record PrivateStep(Tensor Norms, double ClippedFraction);

/// <summary>
/// The gradient of differentially private SGD (Abadi et al. 2016, "Deep Learning with Differential Privacy",
/// arXiv:1607.00133): compute every example's own gradient gᵢ, shorten each to norm at most C
/// (gᵢ · min(1, C/‖gᵢ‖)), add Gaussian noise N(0, σ²C²) to their sum, and divide by the batch size.
/// Clipping bounds what any one example can do to the model; the noise hides whether it was there at all.
/// <para>
/// Per-example gradients would normally need B backward passes. For a stack of linear layers they come from one:
/// the gradient of layer l's weight for example i is the outer product gᵢ ⊗ aᵢ of the loss's gradient at the layer's
/// output and the layer's input, so its norm is ‖gᵢ‖·‖aᵢ‖, and the clipped sum is Σᵢ cᵢ·gᵢ ⊗ aᵢ = (c⊙G)ᵀA — a single
/// matrix product (Goodfellow 2015, "Efficient per-example gradient computations", arXiv:1510.01799).
/// </para>
/// Taught in chapter 12.
/// </summary>
public static class PrivateGradients
{
    /// <summary>
    /// Sets every parameter's <c>.grad</c> of <paramref name="model"/> to the DP-SGD gradient of the summed cross-entropy
    /// on the batch (<paramref name="inputs"/>, <paramref name="labels"/>), ready for <c>optimizer.step()</c>.
    /// The model must be an <c>nn.Sequential</c> of <c>nn.Linear</c> layers and layers without weights that treat examples
    /// independently (ReLU, Tanh, …). Taught in chapter 12.
    /// </summary>
    /// <param name="model">The classifier.</param>
    /// <param name="inputs">A batch [B, features].</param>
    /// <param name="labels">Class indices [B].</param>
    /// <param name="clipNorm">C, the largest norm any one example's gradient may have.</param>
    /// <param name="noiseMultiplier">σ: the noise's standard deviation is σ·C (0 clips without noise).</param>
    /// <param name="generator">The noise's random generator (seeded, so runs repeat).</param>
    public static PrivateStep Compute(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double clipNorm, double noiseMultiplier, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(generator);
        if (!(clipNorm > 0) || double.IsInfinity(clipNorm)) throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clipping norm C must be a positive number (1 is usual).");
        if (!(noiseMultiplier >= 0) || double.IsInfinity(noiseMultiplier)) throw new ArgumentOutOfRangeException(nameof(noiseMultiplier), noiseMultiplier, "The noise multiplier σ must be ≥ 0.");
        if (inputs.dim() != 2) throw new ArgumentException($"Inputs must be a batch of feature vectors [B, features]; got [{string.Join(", ", inputs.shape)}]. Flatten images first.", nameof(inputs));
        if (labels.shape[0] != inputs.shape[0]) throw new ArgumentException($"{inputs.shape[0]} inputs but {labels.shape[0]} labels.", nameof(labels));
        var layers = Layers(model);
        var batch = inputs.shape[0];

        using var withGrad = torch.enable_grad();
        // One forward pass that keeps each linear layer's input a and output z.
        var linearInputs = new List<Tensor>();
        var linearOutputs = new List<Tensor>();
        var activation = inputs;
        foreach (var layer in layers)
        {
            if (layer is Linear linear)
            {
                linearInputs.Add(activation);
                activation = linear.forward(activation);
                linearOutputs.Add(activation);
            }
            else
            {
                activation = layer.forward(activation);
            }
        }
        var loss = nn.functional.cross_entropy(activation, labels, reduction: nn.Reduction.Sum);
        // ∂(Σ losses)/∂zᵢ = ∂lossᵢ/∂zᵢ, because example i's output affects only its own loss.
        var outputGradients = torch.autograd.grad([loss], linearOutputs).Select(g => g.detach()).ToList();

        using var noGrad = torch.no_grad();
        var squaredNorms = torch.zeros(batch, dtype: inputs.dtype, device: inputs.device);
        var linears = layers.OfType<Linear>().ToList();
        for (var l = 0; l < linears.Count; l++)
        {
            var gradientSquared = outputGradients[l].pow(2).sum(1);
            var inputSquared = linearInputs[l].detach().pow(2).sum(1);
            // ‖g ⊗ a‖² = ‖g‖²‖a‖² for the weight, plus ‖g‖² for the bias.
            squaredNorms.add_(gradientSquared * (inputSquared + (linears[l].bias is null ? 0 : 1)));
        }
        var norms = squaredNorms.sqrt();
        var factors = (clipNorm / norms.clamp_min(1e-12)).clamp_max(1.0);
        var clippedFraction = norms.gt(clipNorm).to(float64).mean().item<double>();
        for (var l = 0; l < linears.Count; l++)
        {
            var scaled = outputGradients[l] * factors.unsqueeze(1);
            var weightSum = scaled.t().matmul(linearInputs[l].detach());
            linears[l].weight!.grad = Noisy(weightSum, clipNorm, noiseMultiplier, generator, batch);
            if (linears[l].bias is { } bias) bias.grad = Noisy(scaled.sum([0L]), clipNorm, noiseMultiplier, generator, batch);
        }
        return new PrivateStep(norms, clippedFraction);
    }

    private static Tensor Noisy(Tensor sum, double clipNorm, double sigma, Generator generator, long batch)
    {
        if (sigma == 0) return (sum / batch).detach();
        // The generator lives on the CPU; draw there and move, so results do not depend on the device.
        var noise = torch.randn(sum.shape, dtype: sum.dtype, generator: generator).to(sum.device);
        return ((sum + noise * (sigma * clipNorm)) / batch).detach();
    }

    private static List<nn.Module<Tensor, Tensor>> Layers(nn.Module<Tensor, Tensor> model)
    {
        if (model is not Sequential)
            throw new ArgumentException($"DP-SGD here needs an nn.Sequential of Linear layers and activations; got {model.GetType().Name}.", nameof(model));
        var layers = new List<nn.Module<Tensor, Tensor>>();
        foreach (var (name, child) in model.named_children())
        {
            if (child is Linear linear) layers.Add(linear);
            else if (child is nn.Module<Tensor, Tensor> other && !other.parameters().Any()) layers.Add(other);
            else throw new ArgumentException($"Layer '{name}' ({child.GetType().Name}) has weights but is not nn.Linear: its per-example gradients are not computed here.", nameof(model));
        }
        if (!layers.OfType<Linear>().Any()) throw new ArgumentException("The model has no Linear layer to train.", nameof(model));
        return layers;
    }
}
