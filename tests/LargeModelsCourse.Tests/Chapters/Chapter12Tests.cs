using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 12, responsible AI: saliency, label noise, over-fitting and regularization, group fairness on the 1985 CPS
/// wages, DP-SGD and FGSM, each on models the notebook trains.
/// </summary>
public sealed class Chapter12Tests
{
    // Chapter 06 runs first, so its saved model is on disk when chapter 12 looks for it.
    private static ExecutedResult Chapter06 => ExecutedCourse.Get("06");
    private static ExecutedResult Notebook
    {
        get
        {
            _ = Chapter06;
            return ExecutedCourse.Get("12");
        }
    }

    [Fact]
    public void It_explains_and_attacks_the_very_model_chapter_06_saved()
    {
        // Chapter 06 ran in this process and saved its model; chapter 12 must load it rather than train again.
        Assert.Equal(1, Notebook.Number("chapter06_model_loaded"));
        Assert.Equal(Chapter06.Number("test_accuracy"), Notebook.Number("clean_accuracy"));
    }

    [Fact]
    public void Saliency_maps_are_the_input_gradient_and_point_at_what_matters()
    {
        Assert.True(Notebook.Number("saliency_library_max_diff") < 1e-6);
        Assert.Equal(Notebook.Number("saliency_image_label"), Notebook.Number("saliency_image_predicted"));
        Assert.True(Math.Abs(Notebook.Number("saliency_trained_vs_random_correlation")) < 0.5);
        // Inverting the most salient pixels hurts more than inverting random ones.
        Assert.True(Notebook.Number("flip20_salient_accuracy") < Notebook.Number("flip20_random_accuracy"));
    }

    [Fact]
    public void Accuracy_falls_as_label_noise_rises()
    {
        var accuracy = Notebook.Vector("noise_test_accuracy");
        Assert.Equal(5, accuracy.Length);
        Assert.True(Notebook.Number("noise40_accuracy") < Notebook.Number("noise0_accuracy"));
        Assert.True(accuracy[^1] < accuracy[0] - 0.05, "80 % noise must cost clearly more than noise 0");
        Assert.InRange(accuracy[0], 0.9, 1.0);
    }

    [Fact]
    public void A_big_model_on_few_images_overfits_and_regularization_helps()
    {
        Assert.True(Notebook.Number("overfit_final_train_loss") < 0.05);
        Assert.True(Notebook.Number("overfit_final_test_loss") > 0.6);
        Assert.InRange(Notebook.Number("overfit_best_epoch"), 1, 20);
        Assert.True(Notebook.Number("decay_final_test_loss") < Notebook.Number("overfit_final_test_loss"));
        Assert.True(Notebook.Number("dropout_final_test_loss") < Notebook.Number("overfit_final_test_loss"));
    }

    [Fact]
    public void Fairness_metrics_are_differences_of_rates()
    {
        Assert.Equal(534, Notebook.Number("cps_rows"));
        foreach (var key in new[] { "demographic_parity_difference", "equal_opportunity_difference",
                     "demographic_parity_difference_with_gender", "equal_opportunity_difference_with_gender", "base_rate_difference" })
        {
            var value = Notebook.Number(key);
            Assert.True(double.IsFinite(value), key);
            Assert.InRange(value, -1, 1);
        }
        Assert.Equal(Notebook.Number("dpd_by_hand"), Notebook.Number("demographic_parity_difference"), 1e-12);
        Assert.Equal(Notebook.Number("eod_by_hand"), Notebook.Number("equal_opportunity_difference"), 1e-12);
        var interval = Notebook.Vector("dpd_interval");
        Assert.InRange(Notebook.Number("demographic_parity_difference"), interval[0], interval[1]);
        Assert.InRange(Notebook.Number("cps_cv_accuracy"), 0.6, 0.9);
    }

    [Fact]
    public void Differential_privacy_costs_accuracy()
    {
        Assert.True(Notebook.Number("dp_gradient_max_diff") < 1e-5, "one-pass per-example clipping must equal the per-example loop");
        Assert.True(Notebook.Number("dp_norms_max_diff") < 1e-4);
        var nonPrivate = Notebook.Number("nonprivate_accuracy");
        Assert.True(Notebook.Number("dp_accuracy_highest_noise") < nonPrivate - 0.05);
        var accuracies = Notebook.Vector("dp_accuracies");
        Assert.True(accuracies[^1] < accuracies[0]);
    }

    [Fact]
    public void Fgsm_destroys_accuracy_at_the_largest_epsilon()
    {
        var clean = Notebook.Number("fgsm_clean_accuracy");
        Assert.True(clean > 0.95);
        Assert.True(Notebook.Number("fgsm_accuracy_largest_epsilon") < clean / 4);
        Assert.Equal(0.1, Notebook.Number("fgsm_example_max_change"), 1e-6);
        Assert.True(Notebook.Number("fgsm_library_max_diff") < 1e-6);
        var curve = Notebook.Vector("fgsm_accuracies");
        for (var i = 1; i < curve.Length; i++) Assert.True(curve[i] <= curve[i - 1] + 1e-9, "a stronger attack cannot help");
    }
}
