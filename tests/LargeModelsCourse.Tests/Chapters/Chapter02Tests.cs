using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 02, loss functions: the source texts' MSE and BCE examples corrected (errata 1 and 2), TorchSharp's losses
/// against hand and MathNet computations, and the numerical stability of log-softmax.
/// </summary>
public sealed class Chapter02Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("02");


    [Fact]
    public void Mse_example_is_0_016_not_0_06()
    {
        Assert.Equal(0.016, Notebook.Number("mse"), 1e-6);
        Assert.Equal(0.08, Notebook.Number("sse"), 1e-9);
        Assert.Equal(Math.Sqrt(0.016), Notebook.Number("rmse"), 1e-9);
        Assert.Equal(0.016, Notebook.Number("mse_torch"), 1e-12);
        Assert.Equal(0.016, Notebook.Number("mse_reference"), 1e-12);
        Assert.True(Notebook.Number("mse_max_disagreement") < 1e-12);
    }

    [Fact]
    public void Mae_and_huber()
    {
        Assert.Equal(0.12, Notebook.Number("mae"), 1e-9);
        Assert.Equal(0.12, Notebook.Number("mae_torch"), 1e-12);
        Assert.Equal(0.12, Notebook.Number("mae_reference"), 1e-12);
        Assert.Equal(0.008, Notebook.Number("huber"), 1e-12);
        Assert.Equal(14.8, Notebook.Number("best_constant_mse"), 1e-9);
        Assert.Equal(14.8, Notebook.Number("mean_of_values"), 1e-9);
        Assert.Equal(4.0, Notebook.Number("best_constant_mae"), 1e-9);
        Assert.Equal(4.0, Notebook.Number("median_of_values"), 1e-9);
    }

    [Fact]
    public void Logs_of_the_bce_example_are_the_correct_ones()
    {
        var expected = new[] { -1.6094, -0.2231, -2.3026, -0.1054, -1.2040 };
        var actual = Notebook.Vector("ln_p");
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-4);
        Assert.Equal(-2.9957, Notebook.Number("ln_0_05"), 1e-4);
        Assert.Equal(-0.9163, Notebook.Number("ln_0_4"), 1e-4);
    }

    [Fact]
    public void Bce_example_formula_as_written_0_3285_proper_mean_0_2027()
    {
        Assert.Equal(0.3285, Notebook.Number("bce_text_formula"), 1e-4);
        Assert.Equal(0.2027, Notebook.Number("bce"), 1e-4);
        Assert.Equal(1.0137, Notebook.Number("bce_sum"), 1e-4);
        var perSample = new[] { 0.2231, 0.2231, 0.1054, 0.1054, 0.3567 };
        foreach (var key in new[] { "bce_per_sample", "bce_per_sample_torch" })
        {
            var actual = Notebook.Vector(key);
            for (var i = 0; i < perSample.Length; i++) Assert.Equal(perSample[i], actual[i], 1e-4);
        }
        var bce = Notebook.Number("bce");
        foreach (var key in new[] { "bce_torch", "bce_with_logits_torch", "bce_reference", "two_class_cross_entropy" })
            Assert.Equal(bce, Notebook.Number(key), 1e-9);
        Assert.True(Notebook.Number("bce_max_disagreement") < 1e-9);
    }

    [Fact]
    public void Dropping_the_one_minus_y_term_rewards_a_useless_model()
    {
        Assert.True(Notebook.Number("text_formula_always_one") < 0.01);
        Assert.True(Notebook.Number("bce_always_one") > 4);
    }

    [Fact]
    public void Bce_keeps_pushing_a_confidently_wrong_logit_and_mse_does_not()
    {
        Assert.Equal(1.0, Notebook.Number("bce_logit_gradient_at_minus_10"), 1e-4);
        Assert.True(Notebook.Number("mse_logit_gradient_at_minus_10") < 1e-3);
    }

    [Fact]
    public void Categorical_cross_entropy_agrees_everywhere()
    {
        // Independent computation of the chapter's example: log-sum-exp of each row minus its correct logit.
        double[][] logits = [[2.0, 1.0, 0.1, -1.0], [0.5, 0.2, 0.1, 3.0], [1.2, 1.1, 1.0, 0.9]];
        int[] classes = [0, 3, 1];
        var expected = logits.Zip(classes, (z, t) => Math.Log(z.Sum(Math.Exp)) - z[t]).Average();
        Assert.Equal(expected, Notebook.Number("ce"), 1e-4);
        Assert.Equal(expected, Notebook.Number("ce_torch"), 1e-9);
        Assert.Equal(expected, Notebook.Number("ce_reference"), 1e-9);
        Assert.True(Notebook.Number("ce_max_disagreement") < 1e-9);
        Assert.Equal(Math.Log(4), Notebook.Number("ce_uniform_4_classes"), 1e-9);
    }

    [Fact]
    public void Naive_softmax_fails_in_float32_and_log_softmax_does_not()
    {
        Assert.Equal(1, Notebook.Number("naive_softmax_is_nan"));
        var stable = Notebook.Vector("log_softmax_large");
        var byHand = Notebook.Vector("stable_log_softmax_by_hand");
        var lse = 1002 + Math.Log(Math.Exp(-2) + Math.Exp(-1) + 1);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(1000 + i - lse, stable[i], 1e-4);
            Assert.Equal(stable[i], byHand[i], 1e-5);
        }
        Assert.Equal(0, Notebook.Number("naive_log_p_second_is_finite"));
        Assert.Equal(-200, Notebook.Number("log_softmax_p_second"), 1e-3);

        var limit = Notebook.Number("float32_exp_limit");
        Assert.Equal(Math.Log(float.MaxValue), limit, 1e-9);
        // The first grid scale that fails is the first whose largest logit 3s passes the overflow limit (grid step 10^0.05).
        var failure = Notebook.Number("naive_first_failure_scale");
        Assert.InRange(failure, limit / 3, limit / 3 * Math.Pow(10, 0.05));
        Assert.True(Notebook.Number("stable_worst_relative_error") < 1e-6);
    }
}
