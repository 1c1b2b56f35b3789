using LargeModelsCourse.Display;
using LargeModelsCourse.Maths;
using LargeModelsCourse.Plots;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 04, activation functions: linear stacks collapse, autograd derivatives equal the closed forms, gradients
/// vanish through sigmoid stacks far more than through ReLU stacks, softmax and temperature; plus the library
/// pieces the chapter teaches (Autograd, Probabilities, GradientFlow, ChartMarks).
/// </summary>
public sealed class Chapter04Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("04");


    [Fact]
    public void Linear_layers_collapse_and_relu_layers_do_not()
    {
        Assert.True(Notebook.Number("collapse_max_difference") < 1e-10);
        // Shown as exactly 0 within the stated tolerance (1 − R² can come out as −2.5e-16 in double precision).
        Assert.Equal(0, Notebook.Number("unexplained_linear_stack"));
        Assert.Equal("yes", Notebook.Text("unexplained_linear_stack_within_tolerance"));
        Assert.True(Notebook.Number("unexplained_relu_stack") > 0.05, "no linear map reproduces a ReLU stack");
    }

    [Theory]
    [InlineData("sigmoid")]
    [InlineData("tanh")]
    [InlineData("relu")]
    [InlineData("leaky_relu")]
    [InlineData("gelu")]
    public void Autograd_derivative_matches_the_closed_form(string name) =>
        Assert.True(Notebook.Number("derivative_error_" + name) < 1e-6);

    [Fact]
    public void Sigmoid_slope_peaks_at_a_quarter()
    {
        Assert.Equal(0.25, Notebook.Number("sigmoid_derivative_at_0"), 1e-12);
        Assert.Equal(0.25, Notebook.Number("sigmoid_derivative_max"), 1e-12);
        Assert.True(Notebook.Number("sigmoid_scratch_vs_torch") < 1e-12);
    }

    [Fact]
    public void Gradients_vanish_through_sigmoid_far_more_than_through_relu()
    {
        var sigmoidFirst = Notebook.Number("first_layer_gradient_sigmoid");
        var reluFirst = Notebook.Number("first_layer_gradient_relu");
        Assert.True(sigmoidFirst > 0);
        Assert.True(sigmoidFirst < 1e-6 * reluFirst, $"sigmoid layer-1 gradient {sigmoidFirst:E2} vs ReLU {reluFirst:E2}");
        Assert.True(Notebook.Number("gradient_ratio_sigmoid") < 1e-10);
        Assert.True(Notebook.Number("gradient_ratio_sigmoid") < 1e-6 * Notebook.Number("gradient_ratio_relu"));
        Assert.True(Notebook.Number("gradient_ratio_tanh") > Notebook.Number("gradient_ratio_sigmoid"));
        // He initialisation keeps the gradient's size through all 20 ReLU layers.
        Assert.InRange(Notebook.Number("gradient_ratio_relu_he"), 0.1, 10);
    }

    [Fact]
    public void Default_initialised_relu_loses_more_gradient_per_layer_than_tanh_in_every_seed()
    {
        // The chapter's claim: with default weights tanh keeps more per layer than ReLU, which keeps more than sigmoid;
        // ReLU with He initialisation keeps about all of it. Means over five seeds, and the per-seed count.
        double Factor(string key) => Notebook.Number("per_layer_factor_" + key);
        Assert.True(Factor("sigmoid") < Factor("relu"));
        Assert.True(Factor("relu") < Factor("tanh"));
        Assert.True(Factor("tanh") < Factor("relu_he"));
        Assert.True(Factor("tanh") - Factor("relu") > 2 * (Notebook.Number("per_layer_factor_sd_tanh") + Notebook.Number("per_layer_factor_sd_relu")),
            "the tanh–ReLU gap must exceed the seeds' spread");
        Assert.Equal(5, Notebook.Number("seeds_tanh_keeps_more_than_relu"));
        var reluFirst = Notebook.Number("first_layer_gradient_relu");
        Assert.True(Notebook.Number("first_layer_gradient_sigmoid") < reluFirst && reluFirst < Notebook.Number("first_layer_gradient_tanh"));
        // √(fan_in·Var(w)·E[f′²]) with Var(w) = 1/(3·fan_in) (default) or 2/fan_in (He), E[f′²] ≤ 1/16, ≈ 1, 1/2, 1/2.
        Assert.Equal(Math.Sqrt(1.0 / 48), Notebook.Number("predicted_factor_sigmoid"), 12);
        Assert.Equal(Math.Sqrt(1.0 / 3), Notebook.Number("predicted_factor_tanh"), 12);
        Assert.Equal(Math.Sqrt(1.0 / 6), Notebook.Number("predicted_factor_relu"), 12);
        Assert.Equal(1.0, Notebook.Number("predicted_factor_relu_he"), 12);
        Assert.Equal("yes", Notebook.Text("prediction_orders_like_measurement"));
        Assert.True(Notebook.Number("prediction_max_relative_gap") < 0.25);
        // Each charted ratio is the per-layer factor of that run to the 19th power; the mean factor is near it.
        Assert.InRange(Math.Pow(Notebook.Number("gradient_ratio_relu"), 1.0 / 19), Factor("relu") - 0.1, Factor("relu") + 0.1);
    }

    [Fact]
    public void Softmax_of_the_chapter_scores()
    {
        double[] logits = [2.0, 1.0, 0.2, -1.0];
        var exp = logits.Select(Math.Exp).ToArray();
        var expected = exp.Select(e => e / exp.Sum()).ToArray();
        var shown = Notebook.Vector("softmax_probabilities");
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], shown[i], 1e-12);
        Assert.Equal(1.0, Notebook.Number("softmax_sum"), 1e-12);
        Assert.True(Notebook.Number("softmax_scratch_vs_torch") < 1e-12);
        Assert.True(Notebook.Number("softmax_shift_difference") < 1e-12);
        Assert.True(Notebook.Number("softmax_jacobian_error") < 1e-12);
        Assert.Equal(-expected.Sum(p => p * Math.Log(p)), Notebook.Number("entropy_t_1"), 1e-12);
    }

    [Fact]
    public void Entropy_rises_with_temperature_towards_ln_4()
    {
        var cold = Notebook.Number("entropy_t_0_1");
        var warm = Notebook.Number("entropy_t_1");
        var hot = Notebook.Number("entropy_t_10");
        var max = Notebook.Number("entropy_max");
        Assert.Equal(Math.Log(4), max, 1e-12);
        Assert.True(cold < 0.01 && cold < warm && warm < hot && hot < max);
        Assert.True(max - hot < 0.05);
    }

    [Fact]
    public void Autograd_derivative_of_a_square_is_twice_the_input()
    {
        using var x = torch.tensor(new[] { -2.0, 0.5, 3.0 });
        using var d = Autograd.Derivative(t => t * t, x);
        Assert.Equal(new[] { -4.0, 1.0, 6.0 }, d.data<double>().ToArray());
        Assert.False(x.requires_grad, "the input is not modified");
    }

    [Fact]
    public void Autograd_rejects_what_it_cannot_differentiate()
    {
        using var ints = torch.tensor(new[] { 1, 2 });
        Assert.Contains("floating-point", Assert.Throws<ArgumentException>(() => Autograd.Derivative(t => t, ints)).Message);
        using var x = torch.tensor(new[] { 1.0, 2.0 });
        Assert.Contains("element-wise", Assert.Throws<ArgumentException>(() => Autograd.Derivative(t => t.sum(), x)).Message);
    }

    [Fact]
    public void Jacobian_of_softmax_is_diag_p_minus_p_p_transpose()
    {
        using var z = torch.tensor(new[] { 0.3, -1.2, 2.0 });
        using var p = torch.softmax(z, 0);
        using var expected = torch.diag(p) - p.outer(p);
        using var jacobian = Autograd.Jacobian(t => torch.softmax(t, 0), z);
        Assert.True((jacobian - expected).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void Temperature_softmax_and_entropy()
    {
        using var logits = torch.tensor(new[] { 1.0, 2.0, 3.0 });
        using var cold = Probabilities.Softmax(logits, 0.01);
        Assert.Equal(1.0, cold[2].item<double>(), 1e-12);
        using var uniform = torch.full(5, 0.2, float64);
        Assert.Equal(Math.Log(5), Probabilities.Entropy(uniform).item<double>(), 1e-12);
        using var oneHot = torch.tensor(new[] { 0.0, 1.0, 0.0 });
        Assert.Equal(0.0, Probabilities.Entropy(oneHot).item<double>(), 1e-15);
        Assert.Throws<ArgumentOutOfRangeException>(() => Probabilities.Softmax(logits, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Probabilities.Softmax(logits, double.NaN));
    }

    [Fact]
    public void Gradient_norms_need_a_backward_pass_first()
    {
        torch.manual_seed(0);
        var model = nn.Sequential(("a", nn.Linear(3, 4)), ("relu", nn.ReLU()), ("b", nn.Linear(4, 1)));
        Assert.Contains("backward", Assert.Throws<InvalidOperationException>(() => GradientFlow.WeightGradientNorms(model)).Message);
        model.forward(torch.randn(8, 3)).pow(2).mean().backward();
        var norms = GradientFlow.WeightGradientNorms(model);
        Assert.Equal(2, norms.Length);
        var first = model.named_modules().Select(m => m.module).OfType<TorchSharp.Modules.Linear>().First();
        Assert.Equal(first.weight!.grad!.norm().item<float>(), norms[0], 1e-6);
    }

    [Fact]
    public void Chart_marks_add_log_axis_power_ticks_and_labelled_lines()
    {
        var chart = Plot.Curves([1.0, 10, 100], [("y", new[] { 1e-9, 1e-3, 1 })], "t", logY: true)
            .WithLogX("x (log)").WithPowerTicks().WithVerticalLines([(10.0, "ten"), (50.0, "fifty")]);
        var layout = PlotlyOutput.FigureJson(chart)["layout"]!;
        Assert.Equal("log", layout["xaxis"]!["type"]!.GetValue<string>());
        Assert.Equal("power", layout["yaxis"]!["exponentformat"]!.GetValue<string>());
        var shapes = layout["shapes"]!.AsArray();
        Assert.Equal(2, shapes.Count);
        Assert.Equal(50.0, shapes[1]!["x0"]!.GetValue<double>());
        Assert.Equal("fifty", layout["annotations"]!.AsArray()[1]!["text"]!.GetValue<string>());
    }
}
