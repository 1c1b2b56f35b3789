using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Training;

/// <summary>
/// Trains every model of a <see cref="BatchedMlp"/> at once, full batch, with plain SGD and binary
/// cross-entropy, and records each model's loss and accuracy at chosen step counts. One run answers
/// "how often does this architecture learn the task, and after how many steps?" Taught in chapter 05.
/// </summary>
public static class SeedSweep
{
    /// <summary>Trains all models on the same data and returns their losses and accuracies at <paramref name="checkpoints"/>. Taught in chapter 05.</summary>
    /// <param name="model">The batch of models; trained in place.</param>
    /// <param name="inputs">Inputs [n, model.Inputs], shared by every model.</param>
    /// <param name="targets">0/1 labels [n].</param>
    /// <param name="steps">Full-batch SGD steps.</param>
    /// <param name="learningRate">SGD step size.</param>
    /// <param name="checkpoints">Step counts (0..steps) after which every model's loss and accuracy are recorded; 0 means before training.</param>
    /// <param name="progress">Called after each checkpoint with the step count (e.g. to update a display).</param>
    public static SeedSweepResult Train(BatchedMlp model, Tensor inputs, Tensor targets, int steps, double learningRate,
        IEnumerable<int> checkpoints, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (steps < 0) throw new ArgumentOutOfRangeException(nameof(steps), $"steps must be 0 or more, got {steps}.");
        if (!(learningRate > 0)) throw new ArgumentOutOfRangeException(nameof(learningRate), $"the learning rate must be positive, got {learningRate}.");
        if (inputs.dim() != 2 || targets.dim() != 1 || inputs.shape[0] != targets.shape[0])
            throw new ArgumentException($"expected inputs [n, {model.Inputs}] and targets [n]; got [{string.Join(", ", inputs.shape)}] and [{string.Join(", ", targets.shape)}].");
        var marks = checkpoints.Distinct().Order().ToArray();
        if (marks.Length == 0 || marks[0] < 0 || marks[^1] > steps)
            throw new ArgumentOutOfRangeException(nameof(checkpoints), $"give at least one checkpoint, each between 0 and {steps}.");

        // Every tensor here is tiny (a few thousand numbers), and libtorch splits batched matrix products over
        // threads one matrix at a time: on a 2-core machine the hand-offs cost several times the arithmetic.
        // So the sweep runs on one thread and restores the caller's setting afterwards.
        var threads = torch.get_num_threads();
        torch.set_num_threads(1);
        try
        {
            return Run(model, inputs, targets, steps, learningRate, marks, progress);
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }

    private static SeedSweepResult Run(BatchedMlp model, Tensor inputs, Tensor targets, int steps, double learningRate,
        int[] marks, Action<int>? progress)
    {
        using var x = inputs.to(float32);
        // The same labels for every model: [models, n].
        using var y = targets.to(float32).unsqueeze(0).expand(model.Count, -1).contiguous();
        using var optimizer = torch.optim.SGD(model.parameters(), learningRate);
        var losses = new List<double[]>();
        var accuracies = new List<double[]>();

        void Record(int step)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var logits = model.forward(x);
            losses.Add(PerModelLoss(logits, y).to(float64).data<double>().ToArray());
            // p > 0.5 exactly when the logit is > 0.
            var correct = (logits > 0).to(float32).eq(y).to(float64).mean([1]);
            accuracies.Add(correct.data<double>().ToArray());
            progress?.Invoke(step);
        }

        var next = 0;
        if (marks[0] == 0) { Record(0); next = 1; }
        for (var step = 1; step <= steps; step++)
        {
            Notebook.ThrowIfCancelled();
            using (var scope = torch.NewDisposeScope())
            {
                optimizer.zero_grad();
                var loss = PerModelLoss(model.forward(x), y);
                // The models share no parameter, so the gradient of the sum is each model's own gradient.
                loss.sum().backward();
                optimizer.step();
            }
            if (next < marks.Length && marks[next] == step) { Record(step); next++; }
        }
        return new SeedSweepResult(marks, losses.ToArray(), accuracies.ToArray());
    }

    /// <summary>Each model's mean binary cross-entropy over the examples: logits [models, n], labels [models, n] → [models].</summary>
    public static Tensor PerModelLoss(Tensor logits, Tensor targets) =>
        torch.nn.functional.binary_cross_entropy_with_logits(logits, targets, reduction: nn.Reduction.None).mean([1]);
}

/// <summary>What <see cref="SeedSweep.Train"/> recorded: per checkpoint, every model's loss and accuracy. Taught in chapter 05.</summary>
/// <param name="Steps">The step counts recorded.</param>
/// <param name="Loss">Loss[c][m]: model m's mean BCE after Steps[c] steps.</param>
/// <param name="Accuracy">Accuracy[c][m]: the fraction of examples model m classifies correctly after Steps[c] steps.</param>
public sealed record SeedSweepResult(int[] Steps, double[][] Loss, double[][] Accuracy)
{
    /// <summary>Every model's loss at the last checkpoint.</summary>
    public double[] FinalLoss => Loss[^1];

    /// <summary>Every model's accuracy at the last checkpoint.</summary>
    public double[] FinalAccuracy => Accuracy[^1];

    /// <summary>The losses recorded after exactly <paramref name="step"/> steps.</summary>
    public double[] LossAt(int step) => Loss[IndexOf(step)];

    /// <summary>The accuracies recorded after exactly <paramref name="step"/> steps.</summary>
    public double[] AccuracyAt(int step) => Accuracy[IndexOf(step)];

    private int IndexOf(int step)
    {
        var i = Array.IndexOf(Steps, step);
        return i >= 0 ? i : throw new ArgumentOutOfRangeException(nameof(step),
            $"step {step} was not recorded; the checkpoints were {string.Join(", ", Steps)}.");
    }
}
