using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Responsible;

/// <summary>
/// Gradient saliency maps (Simonyan, Vedaldi and Zisserman 2014, arXiv:1312.6034): how much the score of a class
/// would change if one input pixel changed a little, |∂ score_c / ∂ x_i|. Bright pixels are those the model's
/// decision is most sensitive to — a local, first-order explanation, not proof of what the model "looks at".
/// Taught in chapter 12.
/// </summary>
public static class Saliency
{
    /// <summary>
    /// |∂ logit_c / ∂ x| for each example and its class c, the same shape as <paramref name="inputs"/>.
    /// The model is run in evaluation mode; its weights get no gradients. Taught in chapter 12.
    /// </summary>
    /// <param name="model">A classifier returning one logit per class [N, C].</param>
    /// <param name="inputs">The examples, in the shape the model takes.</param>
    /// <param name="classes">The class whose score to explain, per example [N] (e.g. the predicted or the true class).</param>
    public static Tensor Gradients(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor classes)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.dim() != 1 || classes.shape[0] != inputs.shape[0])
            throw new ArgumentException($"Give one class per example: {inputs.shape[0]} inputs but classes has shape [{string.Join(", ", classes.shape)}].", nameof(classes));
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var scope = torch.NewDisposeScope();
            // Gradients are needed even when the caller is inside torch.no_grad().
            using var withGrad = torch.enable_grad();
            var x = inputs.detach().clone().requires_grad_(true);
            var logits = model.forward(x);
            // Summing the chosen logit of every example gives each example's own gradient: examples do not interact.
            var score = logits.gather(1, classes.to(int64).unsqueeze(1)).sum();
            var gradient = torch.autograd.grad([score], [x])[0];
            return gradient.abs().MoveToOuterDisposeScope();
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
