using LargeModelsCourse.Maths;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LargeModelsCourse.Training;

/// <summary>
/// Runs one of TorchSharp's optimizers (<c>optim.SGD</c>, <c>optim.RMSProp</c>, <c>optim.Adam</c>, …) on a loss
/// written as a function of a parameter vector, in double precision, and records every iterate, its loss and its
/// gradient norm: the data behind loss curves and the paths drawn on loss surfaces. Taught in chapter 03.
/// </summary>
public static class OptimizerTrace
{
    /// <summary>
    /// Minimises <paramref name="loss"/> from <paramref name="start"/> with the optimizer
    /// <paramref name="makeOptimizer"/> builds: forward, <c>loss.backward()</c>, <c>optimizer.step()</c> (and
    /// <c>scheduler.step()</c> when there is one), once per step. Stops when the gradient norm falls below
    /// <paramref name="gradientTolerance"/> or <paramref name="lossTarget"/> holds, when the loss is no longer finite,
    /// or after <paramref name="maxSteps"/> updates. Taught in chapter 03.
    /// </summary>
    /// <param name="loss">Maps the parameter vector (float64, shape [n]) to a scalar loss tensor.</param>
    /// <param name="start">θ₀.</param>
    /// <param name="makeOptimizer">Builds the optimizer for the given parameters, e.g. <c>p =&gt; optim.Adam(p, lr: 0.1)</c>.</param>
    /// <param name="maxSteps">The most updates to make.</param>
    /// <param name="makeScheduler">Optionally builds a learning-rate scheduler for that optimizer.</param>
    /// <param name="gradientTolerance">Stop once ‖∇J(θ)‖ is below this (0: never on this test).</param>
    /// <param name="lossTarget">Stop once this holds for the loss (null: never on this test).</param>
    public static DescentHistory Run(Func<Tensor, Tensor> loss, double[] start, Func<IEnumerable<Parameter>, optim.Optimizer> makeOptimizer,
        int maxSteps, Func<optim.Optimizer, optim.lr_scheduler.LRScheduler>? makeScheduler = null, double gradientTolerance = 0,
        Func<double, bool>? lossTarget = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(makeOptimizer);
        if (start.Length == 0) throw new ArgumentException("θ₀ needs at least one parameter.", nameof(start));
        if (maxSteps < 0) throw new ArgumentOutOfRangeException(nameof(maxSteps), maxSteps, "the step budget cannot be negative.");

        using var theta = new Parameter(torch.tensor(start, dtype: ScalarType.Float64));
        using var optimizer = makeOptimizer([theta]);
        var scheduler = makeScheduler?.Invoke(optimizer);
        var points = new List<double[]>();
        var losses = new List<double>();
        var norms = new List<double>();
        for (var step = 0; ; step++)
        {
            Display.Notebook.ThrowIfCancelled();
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var value = loss(theta);
            if (value.numel() != 1) throw new ArgumentException($"the loss must be a scalar; it has shape [{string.Join(", ", value.shape)}].", nameof(loss));
            value.backward();
            var j = value.item<double>();
            var norm = theta.grad is null ? double.NaN : theta.grad.norm().item<double>();
            points.Add(theta.detach().data<double>().ToArray());
            losses.Add(j);
            norms.Add(norm);
            if (DescentHistory.StopReason(j, norm, step, maxSteps, gradientTolerance, lossTarget) is { } outcome)
                return new DescentHistory(points, losses, norms, outcome);
            optimizer.step();
            scheduler?.step();
        }
    }
}

/// <summary>
/// What a TorchSharp learning-rate scheduler (<c>optim.lr_scheduler.StepLR</c>, <c>CosineAnnealingLR</c>,
/// <c>LinearLR</c>, <c>SequentialLR</c>, …) sets the learning rate to, step by step. Taught in chapter 03.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>
    /// The learning rate in force at each of <paramref name="steps"/> optimizer steps, read from a throwaway SGD
    /// optimizer whose scheduler is stepped once after every update, as in a training loop. Taught in chapter 03.
    /// </summary>
    /// <param name="makeScheduler">Builds the scheduler for an optimizer, e.g. <c>o =&gt; optim.lr_scheduler.StepLR(o, 30, 0.5)</c>.</param>
    /// <param name="baseLearningRate">The optimizer's learning rate before any scheduling.</param>
    /// <param name="steps">How many steps to trace.</param>
    public static double[] Trace(Func<optim.Optimizer, optim.lr_scheduler.LRScheduler> makeScheduler, double baseLearningRate, int steps)
    {
        ArgumentNullException.ThrowIfNull(makeScheduler);
        if (steps <= 0) throw new ArgumentOutOfRangeException(nameof(steps), steps, "trace at least one step.");
        using var dummy = new Parameter(torch.zeros(1, dtype: ScalarType.Float64));
        using var optimizer = optim.SGD([dummy], baseLearningRate);
        var scheduler = makeScheduler(optimizer);
        var rates = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            rates[i] = optimizer.ParamGroups.First().LearningRate;
            optimizer.step();
            scheduler.step();
        }
        return rates;
    }
}
