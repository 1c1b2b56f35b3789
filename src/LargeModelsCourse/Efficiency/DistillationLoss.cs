using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Efficiency;

/// <summary>
/// Knowledge distillation's soft-target loss (Hinton, Vinyals and Dean 2015, arXiv:1503.02531): the student learns the
/// teacher's whole probability distribution, softened by a temperature T, instead of one hard label:
/// L = T² · mean over the batch of KL(softmax(t/T) ‖ softmax(s/T)), for student logits s and teacher logits t.
/// A higher T spreads the teacher's probability over the wrong classes too ("a 7 that looks a bit like a 1"); the T²
/// keeps the gradients' size independent of T. Use it with the course's <see cref="Training.Trainer"/> by passing the teacher's
/// logits as the targets. Taught in chapter 10.
/// </summary>
public sealed class DistillationLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>A soft-target loss at temperature <paramref name="temperature"/> (1 = the teacher's own probabilities).</summary>
    public DistillationLoss(double temperature) : base(nameof(DistillationLoss))
    {
        if (!(temperature > 0) || double.IsInfinity(temperature))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a positive number (typical values are 2 to 8).");
        Temperature = temperature;
    }

    /// <summary>The temperature T.</summary>
    public double Temperature { get; }

    /// <summary>The loss for student logits [N, C] and teacher logits [N, C].</summary>
    public override Tensor forward(Tensor studentLogits, Tensor teacherLogits)
    {
        ArgumentNullException.ThrowIfNull(studentLogits);
        ArgumentNullException.ThrowIfNull(teacherLogits);
        if (!studentLogits.shape.SequenceEqual(teacherLogits.shape))
            throw new ArgumentException(
                $"The student's logits have shape [{string.Join(", ", studentLogits.shape)}] but the teacher's have [{string.Join(", ", teacherLogits.shape)}]: " +
                "pass the teacher's logits (not class labels) as the targets, one row per example.", nameof(teacherLogits));
        using var scope = torch.NewDisposeScope();
        var logP = nn.functional.log_softmax(teacherLogits.detach() / Temperature, 1);
        var logQ = nn.functional.log_softmax(studentLogits / Temperature, 1);
        var kl = (logP.exp() * (logP - logQ)).sum(1).mean();
        return (kl * (Temperature * Temperature)).MoveToOuterDisposeScope();
    }
}
