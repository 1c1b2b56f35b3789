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
    public void Refitting_inside_the_bootstrap_widens_the_fairness_intervals()
    {
        // The stacked training reproduces the chapter's own five fold models for every worker.
        Assert.Equal(534, Notebook.Number("stacked_agreement"));
        var dpd = Notebook.Number("demographic_parity_difference");
        var eod = Notebook.Number("equal_opportunity_difference");
        var refitDpd = Notebook.Vector("refit_dpd_interval");
        var refitEod = Notebook.Vector("refit_eod_interval");
        Assert.InRange(dpd, refitDpd[0], refitDpd[1]);
        Assert.InRange(eod, refitEod[0], refitEod[1]);
        // "Includes zero once the models are refitted"; with fixed predictions the DPD interval stayed below zero.
        Assert.InRange(0.0, refitDpd[0], refitDpd[1]);
        Assert.InRange(0.0, refitEod[0], refitEod[1]);
        Assert.True(Notebook.Vector("dpd_interval")[1] < 0, "fixed-prediction DPD interval only just stays below zero");
        // Refit variance adds to the audit-sampling variance: [fixed, refit] standard deviations.
        var dpdStd = Notebook.Vector("dpd_std_fixed_refit");
        var eodStd = Notebook.Vector("eod_std_fixed_refit");
        Assert.True(dpdStd[1] > dpdStd[0], $"DPD: refit std {dpdStd[1]} must exceed the fixed-prediction std {dpdStd[0]}");
        Assert.True(eodStd[1] > eodStd[0], $"EOD: refit std {eodStd[1]} must exceed the fixed-prediction std {eodStd[0]}");
        // Retraining alone moves the gaps "by a few hundredths": some, but less than the full bootstrap.
        foreach (var (range, interval) in new[] { (Notebook.Vector("retrain_dpd_range"), refitDpd), (Notebook.Vector("retrain_eod_range"), refitEod) })
        {
            Assert.InRange(range[1] - range[0], 0.01, 0.1);
            Assert.True(range[1] - range[0] < interval[1] - interval[0]);
        }
        // The model with gender: larger gaps in nearly every resample, and both refitted intervals below zero.
        Assert.True(Notebook.Number("gender_widens_dpd_share") > 0.95);
        Assert.True(Notebook.Number("gender_widens_eod_share") > 0.95);
        Assert.True(Notebook.Vector("refit_dpd_interval_with_gender")[1] < 0);
        Assert.True(Notebook.Vector("refit_eod_interval_with_gender")[1] < 0);
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
