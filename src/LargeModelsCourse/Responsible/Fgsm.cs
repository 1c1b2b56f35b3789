using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Responsible;

/// <summary>
/// The fast gradient sign method (Goodfellow, Shlens and Szegedy 2015, arXiv:1412.6572): move every input pixel by
/// ε in the direction that increases the loss, x' = clip(x + ε·sign(∇ₓ loss(x, y)), 0, 1). No pixel moves by more than
/// ε, yet a model that is close to linear in its input adds up all those small pushes. Taught in chapter 12.
/// </summary>
public static class Fgsm
{
    /// <summary>Adversarial versions of <paramref name="inputs"/> (pixel range [min, max]) at strength <paramref name="epsilon"/>. Taught in chapter 12.</summary>
    /// <param name="model">A classifier returning logits [N, C].</param>
    /// <param name="inputs">Clean inputs.</param>
    /// <param name="labels">True classes [N].</param>
    /// <param name="epsilon">The largest change of any pixel (0 returns a copy of the inputs).</param>
    /// <param name="min">The smallest valid pixel value.</param>
    /// <param name="max">The largest valid pixel value.</param>
    public static Tensor Perturb(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon, double min = 0, double max = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε is the largest change of a pixel: a number ≥ 0 (for pixels in [0, 1], 0.1 is already visible).");
        if (labels.shape[0] != inputs.shape[0])
            throw new ArgumentException($"{inputs.shape[0]} inputs but {labels.shape[0]} labels: give one label per input.", nameof(labels));
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            Tensor gradient;
            // Gradients are needed even when the caller is inside torch.no_grad().
            using (torch.enable_grad())
            {
                var x = inputs.detach().clone().requires_grad_(true);
                var loss = nn.functional.cross_entropy(model.forward(x), labels, reduction: nn.Reduction.Sum);
                gradient = torch.autograd.grad([loss], [x])[0];
            }
            using var noGrad = torch.no_grad();
            return (inputs.detach() + epsilon * gradient.sign()).clamp(min, max).MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The model's accuracy on FGSM versions of (<paramref name="inputs"/>, <paramref name="labels"/>) at strength ε, in batches. Taught in chapter 12.</summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor labels, double epsilon, int batchSize = 1000, double min = 0, double max = 1)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one example.");
        long correct = 0;
        var n = inputs.shape[0];
        for (long start = 0; start < n; start += batchSize)
        {
            Notebook.ThrowIfCancelled();
            using var scope = torch.NewDisposeScope();
            var length = Math.Min(batchSize, n - start);
            var x = inputs.narrow(0, start, length);
            var y = labels.narrow(0, start, length);
            var adversarial = Perturb(model, x, y, epsilon, min, max);
            using var noGrad = torch.no_grad();
            var wasTraining = model.training;
            model.eval();
            correct += model.forward(adversarial).argmax(1).eq(y).sum().item<long>();
            model.train(wasTraining);
        }
        return (double)correct / n;
    }
}
