using LargeModelsCourse.Data;
using LargeModelsCourse.Maths;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 03, gradient descent and optimizers: the numbers the executed notebook shows (errata 3 and 4 among
/// them) and the library pieces the chapter teaches.
/// </summary>
public sealed class Chapter03Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("03");

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected:R} within {relative:P4}, got {actual:R}");

    // ---------------------------------------------------------------- the worked example (errata 3)

    [Fact]
    public void Three_point_gradient_at_zero_is_minus_68_minus_15()
    {
        Assert.Equal(new[] { -68.0, -15.0 }, Notebook.Vector("grad0"));
        Assert.Equal(new[] { -68.0, -15.0 }, Notebook.Vector("grad0_autograd"));
        var numerical = Notebook.Vector("grad0_numerical");
        Assert.Equal(-68.0, numerical[0], 6);
        Assert.Equal(-15.0, numerical[1], 6);
        Assert.True(Notebook.Number("grad0_hand_vs_autograd") < 1e-12);
    }

    [Fact]
    public void Three_point_first_step_and_losses()
    {
        var theta1 = Notebook.Vector("theta1");
        Assert.Equal(0.68, theta1[0], 12);
        Assert.Equal(0.15, theta1[1], 12);
        Assert.Equal(41.5, Notebook.Number("J0"), 12);
        // J1 = ½(1.49² + 2.13² + 2.77²) = 7.21495 exactly; the errata round it to 7.215.
        Assert.Equal(7.21495, Notebook.Number("J1"), 10);
        Assert.Equal(7.215, Notebook.Number("J1"), 3);
    }

    [Fact]
    public void Three_point_descent_converges_to_one_one_in_3084_steps()
    {
        Assert.Equal(3084.0, Notebook.Number("gd_steps"));
        Assert.Equal(3084.0, Notebook.Number("gd_library_steps"));
        var final = Notebook.Vector("gd_final_theta");
        Assert.Equal(1.0, final[0], 5);
        Assert.Equal(1.0, final[1], 5);
        // The eigen-analysis predicts the count to within a step.
        Assert.InRange(Notebook.Number("predicted_steps"), 3083, 3085);
    }

    [Fact]
    public void Three_point_hessian_eigenvalues_set_the_learning_rate_limit()
    {
        var eigenvalues = Notebook.Vector("hessian_eigenvalues");
        Near(0.41, eigenvalues[0], 0.01, "λmin");
        Near(58.59, eigenvalues[1], 1e-4, "λmax");
        Assert.InRange(Notebook.Number("alpha_limit"), 0.0341, 0.03415);   // 2/λmax = 0.034135…: "α must stay below 0.0341"
        Near(0.9959, Notebook.Number("slow_factor"), 1e-4, "1 − αλmin");
        Assert.True(Notebook.Number("diverged_step_alpha_0.035") > 0, "α = 0.035 is above the limit and must diverge");
    }

    // ---------------------------------------------------------------- the house prices (errata 4)

    [Fact]
    public void House_least_squares_matches_the_errata()
    {
        Near(225000.0 / 17, Notebook.Number("ls_w0"), 1e-3, "w0");
        Near(3250.0 / 17, Notebook.Number("ls_w1"), 1e-3, "w1");
        Near(29_411_764.7, Notebook.Number("ls_mse"), 1e-6, "MSE");
        Near(0.9941, Notebook.Number("ls_r2"), 1e-4, "R²");
        Near(300_000, Notebook.Number("ls_prediction_1500"), 1e-9, "prediction at 1,500 ft²");
        Assert.Equal(749_000.0, Notebook.Number("text_line_prediction_1500"), 6);
    }

    [Fact]
    public void House_descent_on_raw_area_diverges()
    {
        Near(2.2e20, Notebook.Number("raw_loss_step1"), 0.05, "MSE after one step");
        Assert.Equal(32.0, Notebook.Number("raw_first_nonfinite_step"));
        Assert.Equal(34.0, Notebook.Number("raw_first_nonfinite_step_half_mse"));
        Near(4.19e-7, Notebook.Number("raw_alpha_limit"), 1e-3, "stable α limit");
        Near(4.2e7, Notebook.Number("raw_condition_number"), 0.01, "condition number");
    }

    [Fact]
    public void House_descent_on_standardized_area_reaches_least_squares_in_542_steps()
    {
        Near(1500, Notebook.Number("area_mean"), 1e-12, "μ");
        Near(368.78, Notebook.Number("area_std"), 1e-5, "σ");
        Assert.Equal(542.0, Notebook.Number("standardized_steps"));
        Near(225000.0 / 17, Notebook.Number("gd_w0"), 1e-4, "back-transformed w0");
        Near(3250.0 / 17, Notebook.Number("gd_w1"), 1e-4, "back-transformed w1");
        Assert.True(Notebook.Number("gd_vs_ls_relative_error") < 1e-4);
    }

    // ---------------------------------------------------------------- optimizers and schedules

    [Fact]
    public void From_scratch_momentum_and_adam_equal_torchsharp_step_for_step()
    {
        Assert.True(Notebook.Number("adam_scratch_vs_torch") < 1e-12, "Adam from scratch vs optim.Adam");
        Assert.True(Notebook.Number("momentum_scratch_vs_torch") < 1e-12, "momentum from scratch vs optim.SGD(momentum)");
        Assert.Equal(0.0, Notebook.Number("rmsprop_scratch_vs_torch_300"), 12);
    }

    [Fact]
    public void Optimizers_beat_plain_descent_and_the_real_fit_is_well_posed()
    {
        Assert.True(Notebook.Number("bowl_momentum_steps") < 3084 / 5.0);
        Assert.True(Notebook.Number("bowl_adam_steps") < 3084 / 5.0);
        Assert.True(Notebook.Number("rosenbrock_adam_final_loss") < 1e-6);
        Assert.True(Notebook.Number("rosenbrock_momentum_final_loss") < 1e-6);
        Assert.True(Notebook.Number("rosenbrock_gd_final_loss") > 1e-2, "plain GD is still crawling along the valley");
        Assert.True(Notebook.Number("cancer_optimum_gradient_norm") < 1e-6);
        Assert.InRange(Notebook.Number("cancer_alpha_bound"), 0.5, 0.7);   // α = 0.5 in section 7 is "close to the bound"
        Assert.True(Notebook.Number("real_best_validation_accuracy") > 0.95);
        Assert.True(Notebook.Number("cosine_vs_formula") < 1e-12);
        Assert.Equal(0.05, Notebook.Number("cosine_lr_at_50"), 12);
    }

    // ---------------------------------------------------------------- comparisons over five shuffles

    // Each "seeds_…" result is [mean, std, lowest, highest] over the five shuffling seeds.
    private const int Lowest = 2, Highest = 3;

    [Fact]
    public void Small_batches_lead_after_one_epoch_with_every_shuffle()
    {
        var b1 = Notebook.Vector("seeds_b1_epoch1_excess");
        var b32 = Notebook.Vector("seeds_b32_epoch1_excess");
        Assert.True(b1[Highest] < b32[Lowest] / 2, $"B = 1's worst first epoch {b1[Highest]} must be well below B = 32's best {b32[Lowest]}");
        // "The batch-32 run's excess fell in every one of its ten epochs, with every shuffle."
        Assert.Equal(new[] { 10.0, 0.0, 10.0, 10.0 }, Notebook.Vector("seeds_b32_epochs_improving"));
        // "In the run charted above ... its last epoch is worse than its best."
        Assert.True(Notebook.Number("excess_b1_epoch10") > Notebook.Number("excess_b1_best"));
    }

    [Fact]
    public void Optimizer_ranking_on_the_real_fit_holds_over_shuffles()
    {
        Assert.Equal(5.0, Notebook.Number("seeds_real_same_ranking"));
        var sgd = Notebook.Vector("seeds_real_excess_0");
        var momentum = Notebook.Vector("seeds_real_excess_1");
        Assert.True(momentum[Highest] * 10 < sgd[Lowest], "momentum moves much further per epoch than SGD at the same α");
        for (var i = 0; i < 4; i++)
        {
            var spread = Notebook.Vector($"seeds_real_excess_{i}");
            Assert.True(spread[1] < 0.05 * spread[0], $"optimizer {i}: the spread over shuffles is small next to the value");
        }
        var validation = Notebook.Vector("seeds_real_validation_range");
        Assert.True(validation[0] > 0.95 && validation[1] - validation[0] < 0.03, "validation accuracies end up close");
    }

    [Fact]
    public void Schedules_beat_a_constant_rate_over_the_last_ten_epochs_with_every_shuffle()
    {
        var constant = Notebook.Vector("seeds_schedule_last10_0");
        for (var i = 1; i <= 3; i++)
            Assert.True(Notebook.Vector($"seeds_schedule_last10_{i}")[Highest] < constant[Lowest],
                $"schedule {i}: its highest last-10-epoch mean must lie below the constant rate's lowest");
        // The prose says the final epoch alone overlaps: the constant rate's best final value is below a schedule's worst.
        Assert.True(Notebook.Vector("seeds_schedule_final_0")[Lowest] < Notebook.Vector("seeds_schedule_final_2")[Highest]);
        Assert.True(Notebook.Vector("seeds_constant_last10_range")[Lowest] > 5, "the constant rate bounces by a large factor with every shuffle");
        Assert.True(Notebook.Vector("seeds_warmup_epoch3")[Lowest] > Notebook.Vector("seeds_cosine_epoch3")[Highest], "warm-up is behind after 3 epochs");
    }

    // ---------------------------------------------------------------- the library pieces (no notebook needed)

    private static readonly double[] Xs = [2, 4, 6];
    private static readonly double[] Ys = [3, 5, 7];

    private static double ThreePointLoss(double[] t) => 0.5 * Xs.Zip(Ys, (x, y) => Math.Pow(y - (t[0] * x + t[1]), 2)).Sum();

    private static double[] ThreePointGradient(double[] t)
    {
        var r = Xs.Zip(Ys, (x, y) => y - (t[0] * x + t[1])).ToArray();
        return [-r.Zip(Xs, (a, b) => a * b).Sum(), -r.Sum()];
    }

    [Fact]
    public void GradientDescent_run_records_history_and_stops_on_each_test()
    {
        var converged = GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], 0.01, 100_000, gradientTolerance: 1e-6);
        Assert.Equal(DescentOutcome.Converged, converged.Outcome);
        Assert.Equal(3084, converged.Steps);
        Assert.Equal(converged.Steps + 1, converged.Losses.Count);
        Assert.Equal(41.5, converged.Losses[0]);
        Assert.Null(converged.FirstNonFiniteStep);

        var limited = GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], 0.01, 10);
        Assert.Equal(DescentOutcome.StepLimitReached, limited.Outcome);
        Assert.Equal(10, limited.Steps);
        // Every third iterate, and always the last one: steps 0, 3, 6, 9, 10.
        Assert.Equal(new[] { 0, 3, 6, 9, 10 }.Select(k => limited.Points[k][0]), limited.Path(stride: 3).Select(p => p.X));

        var diverged = GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], 0.04, 100_000);
        Assert.Equal(DescentOutcome.Diverged, diverged.Outcome);
        Assert.Equal(diverged.Steps, diverged.FirstNonFiniteStep);
    }

    [Fact]
    public void GradientDescent_rejects_bad_input_with_clear_messages()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], -0.1, 10));
        Assert.Contains("learning rate", e.Message);
        var wrongLength = Assert.Throws<ArgumentException>(() => GradientDescent.Run(ThreePointLoss, _ => [1.0], [0, 0], 0.1, 10));
        Assert.Contains("gradient has 1 entries", wrongLength.Message);
        var notPositive = Assert.Throws<ArgumentException>(() => GradientDescent.ConditionNumber([[1, 0], [0, -1]]));
        Assert.Contains("positive-definite", notPositive.Message);
    }

    [Fact]
    public void Learning_rate_limit_and_condition_number_come_from_the_hessian()
    {
        double[][] hessian = [[56, 12], [12, 3]];
        Near(2 / 58.5904, GradientDescent.StableLearningRateLimit(hessian), 1e-4, "2/λmax");
        Near(58.5904 / 0.409596, GradientDescent.ConditionNumber(hessian), 1e-4, "κ");
    }

    [Fact]
    public void OptimizerTrace_with_sgd_follows_plain_gradient_descent_exactly()
    {
        using var x = torch.tensor(Xs, dtype: ScalarType.Float64);
        using var y = torch.tensor(Ys, dtype: ScalarType.Float64);
        var byHand = GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], 0.01, 200);
        var byTorch = OptimizerTrace.Run(p => 0.5 * (y - (p[0] * x + p[1])).pow(2).sum(), [0, 0], p => optim.SGD(p, 0.01), 200);
        Assert.Equal(byHand.Steps, byTorch.Steps);
        for (var k = 0; k <= byHand.Steps; k++)
        {
            Assert.Equal(byHand.Points[k][0], byTorch.Points[k][0], 12);
            Assert.Equal(byHand.Points[k][1], byTorch.Points[k][1], 12);
            Assert.Equal(byHand.GradientNorms[k], byTorch.GradientNorms[k], 9);
        }
    }

    [Fact]
    public void OptimizerTrace_adam_matches_the_update_rule_written_out()
    {
        // Rosenbrock from (−1.5, 2): Adam's rule by hand against TorchSharp's optim.Adam.
        static double[] Gradient(double[] p) => [-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] * p[0]), 200 * (p[1] - p[0] * p[0])];
        const double lr = 0.05, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var theta = new[] { -1.5, 2.0 };
        var m = new double[2];
        var s = new double[2];
        var trace = OptimizerTrace.Run(p => (1 - p[0]).pow(2) + 100 * (p[1] - p[0].pow(2)).pow(2), [-1.5, 2],
            p => optim.Adam(p, lr: lr, beta1: beta1, beta2: beta2, eps: eps), 300);
        for (var t = 1; t <= 300; t++)
        {
            var g = Gradient(theta);
            for (var i = 0; i < 2; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                s[i] = beta2 * s[i] + (1 - beta2) * g[i] * g[i];
                theta[i] -= lr * (m[i] / (1 - Math.Pow(beta1, t))) / (Math.Sqrt(s[i] / (1 - Math.Pow(beta2, t))) + eps);
            }
            Assert.True(Math.Abs(theta[0] - trace.Points[t][0]) < 1e-12 && Math.Abs(theta[1] - trace.Points[t][1]) < 1e-12,
                $"step {t}: by hand ({theta[0]}, {theta[1]}), optim.Adam ({trace.Points[t][0]}, {trace.Points[t][1]})");
        }
    }

    [Fact]
    public void OptimizerTrace_reports_divergence_and_the_loss_target()
    {
        using var x = torch.tensor(Xs, dtype: ScalarType.Float64);
        using var y = torch.tensor(Ys, dtype: ScalarType.Float64);
        Tensor Loss(Tensor p) => 0.5 * (y - (p[0] * x + p[1])).pow(2).sum();
        var diverged = OptimizerTrace.Run(Loss, [0, 0], p => optim.SGD(p, 0.05), 10_000);
        Assert.Equal(DescentOutcome.Diverged, diverged.Outcome);
        var target = OptimizerTrace.Run(Loss, [0, 0], p => optim.SGD(p, 0.01), 10_000, lossTarget: l => l < 1.0);
        Assert.Equal(DescentOutcome.Converged, target.Outcome);
        Assert.True(target.FinalLoss < 1.0 && target.Losses[^2] >= 1.0);
    }

    [Fact]
    public void LearningRateSchedule_traces_torchsharp_schedulers()
    {
        var cosine = LearningRateSchedule.Trace(o => optim.lr_scheduler.CosineAnnealingLR(o, T_max: 100), 0.1, 100);
        for (var t = 0; t < 100; t++) Assert.Equal(0.05 * (1 + Math.Cos(Math.PI * t / 100)), cosine[t], 12);
        var step = LearningRateSchedule.Trace(o => optim.lr_scheduler.StepLR(o, step_size: 30, gamma: 0.5), 0.1, 100);
        Assert.Equal(0.1, step[29], 12);
        Assert.Equal(0.05, step[30], 12);
        Assert.Equal(0.0125, step[99], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateSchedule.Trace(o => optim.lr_scheduler.StepLR(o, 1), 0.1, 0));
    }

    [Fact]
    public void DescentCharts_draws_longer_paths_first_with_the_legend_below()
    {
        var creep = GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], 0.001, 10);
        var zigzag = GradientDescent.Run(ThreePointLoss, ThreePointGradient, [0, 0], 0.033, 10);
        var chart = LargeModelsCourse.Plots.DescentCharts.Paths((a, b) => ThreePointLoss([a, b]), (-1, 3), (-1, 3),
            [("creep", creep, 10), ("zigzag", zigzag, 10)], "paths", "θ₁", "θ₂");
        var figure = LargeModelsCourse.Display.PlotlyOutput.FigureJson(chart);
        var traces = figure["data"]!.AsArray();
        Assert.Equal(3, traces.Count);                                  // the contour and two paths
        Assert.Equal("zigzag", traces[1]!["name"]!.GetValue<string>());  // the longer path underneath
        Assert.Equal("creep", traces[2]!["name"]!.GetValue<string>());
        Assert.Equal("h", figure["layout"]!["legend"]!["orientation"]!.GetValue<string>());
    }

    [Fact]
    public void BreastCancer_loads_the_committed_table()
    {
        var data = BreastCancer.Load();
        Assert.Equal(569, data.Count);
        Assert.Equal(212, data.Labels.Count(l => l == 0));
        Assert.Equal(357, data.Labels.Count(l => l == 1));
        Assert.Equal(30, BreastCancer.FeatureNames.Count);
        Assert.Equal("mean radius", BreastCancer.FeatureNames[0]);
        Assert.Equal("worst fractal dimension", BreastCancer.FeatureNames[^1]);
        Assert.Equal(17.99, data.Features[0][0]);       // the first sample's mean radius, as in the UCI table
        using var features = data.FeatureTensor();
        Assert.Equal(new[] { 569L, 30L }, features.shape);
        Assert.Equal(ScalarType.Float64, features.dtype);
    }

    [Fact]
    public void BreastCancer_parse_names_what_is_wrong()
    {
        var truncated = Assert.Throws<FormatException>(() => BreastCancer.Parse("3,30,malignant,benign\n" + string.Join(",", Enumerable.Repeat("1", 30)) + ",0\n", "test.csv"));
        Assert.Contains("promises 3 samples", truncated.Message);
        var badLabel = Assert.Throws<FormatException>(() => BreastCancer.Parse("1,30,malignant,benign\n" + string.Join(",", Enumerable.Repeat("1", 30)) + ",7\n", "test.csv"));
        Assert.Contains("line 2", badLabel.Message);
        Assert.Contains("0 (malignant) or 1 (benign)", badLabel.Message);
    }
}
