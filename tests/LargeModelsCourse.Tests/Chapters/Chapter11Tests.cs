using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 11, industry case studies: the health model ranks malignant above benign and its AUC is the same by the
/// trapezoid rule and by counting pairs; the synthetic fraud case shows accuracy misleading and average precision
/// far above the positive rate; the Rasch tutor is calibrated and worse for the group with less data; the sensor
/// autoencoder catches the labelled events; the spam filter's false positives fall on hard ham; the recommender is
/// compared with best-sellers on held-out purchases.
/// </summary>
public sealed class Chapter11Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("11");


    [Fact]
    public void Every_case_names_its_data_and_labels_synthetic_sets()
    {
        var text = Notebook.AllText;
        Assert.Contains("569 rows", text);
        Assert.Contains("31 columns", text);
        Assert.Contains("licence:", text);
        Assert.Contains("18,914 rows", text);
        Assert.Contains("6,046 e-mails", text);
        // The three generated sets say so where their sizes are printed.
        Assert.Equal(3, text.Split("SYNTHETIC:").Length - 1);
        Assert.Contains("(SYNTHETIC)", string.Join(" ", Notebook.Outputs.Select(o => o.ToJsonString())));
    }

    [Fact]
    public void Health_model_ranks_well_and_the_two_auc_computations_agree()
    {
        Assert.Equal(569, Notebook.Number("health_rows"));
        Assert.Equal(212, Notebook.Number("health_malignant"));
        Assert.True(Notebook.Number("health_auc") > 0.95, $"test AUC {Notebook.Number("health_auc")}");
        Assert.True(Notebook.Number("health_auc_difference") < 1e-9);
        Assert.Equal(Notebook.Number("health_auc"), Notebook.Number("health_auc_pairs"), 1e-9);
        // Lowering the threshold trades specificity for sensitivity.
        Assert.True(Notebook.Number("health_sensitivity_at_0_1") >= Notebook.Number("health_sensitivity_at_0_5"));
        Assert.True(Notebook.Number("health_specificity_at_0_1") <= Notebook.Number("health_specificity_at_0_5"));
        Assert.InRange(Notebook.Number("health_brier"), 0, 0.1);
    }

    [Fact]
    public void Fraud_accuracy_misleads_and_average_precision_beats_the_positive_rate()
    {
        var rate = Notebook.Number("fraud_positive_rate");
        Assert.InRange(rate, 0.01, 0.02);
        Assert.Equal(1 - rate, Notebook.Number("fraud_majority_accuracy"), 1e-12);
        Assert.True(Notebook.Number("fraud_model_accuracy") < Notebook.Number("fraud_majority_accuracy") + 0.01,
            "accuracy cannot tell the model from doing nothing");
        Assert.True(Notebook.Number("fraud_average_precision") > 5 * rate, "PR-AUC well above the positive rate");
        Assert.True(Notebook.Number("fraud_roc_auc") > 0.8);
        Assert.Equal(Notebook.Number("fraud_roc_auc"), Notebook.Number("fraud_roc_auc_pairs"), 1e-9);
    }

    [Fact]
    public void Tutor_is_calibrated_and_less_accurate_for_the_group_with_less_data()
    {
        Assert.True(Notebook.Number("education_brier_model") < Notebook.Number("education_brier_baseline"));
        Assert.True(Notebook.Number("education_difficulty_correlation") > 0.9);
        Assert.True(Notebook.Number("education_ece") < 0.08);
        Assert.True(Notebook.Number("education_mae_group_b") > Notebook.Number("education_mae_group_a"));
    }

    [Fact]
    public void Sensor_autoencoder_catches_the_labelled_events()
    {
        Assert.Equal(18914, Notebook.Number("sensor_rows"));
        Assert.Equal(149, Notebook.Number("sensor_anomalies"));
        Assert.True(Notebook.Number("sensor_recall") > 0);
        Assert.True(Notebook.Number("sensor_average_precision") > 10 * Notebook.Number("sensor_anomaly_rate"));
        Assert.True(Notebook.Number("sensor_budget_precision") > Notebook.Number("sensor_precision"),
            "an alarm budget beats the drifted training threshold");
        Assert.True(Notebook.Number("sensor_budget_recall") > 0.5);
        // The alarm rate is an operational choice made without the labels: the 1 % the training threshold was built for,
        // below the true event rate, so the budget cannot have been tuned to it.
        Assert.Equal(0.01, Notebook.Number("sensor_alarm_rate"));
        Assert.True(Notebook.Number("sensor_alarm_rate") < Notebook.Number("sensor_anomaly_rate"));
    }

    [Fact]
    public void Spam_filter_works_and_its_false_positives_fall_on_hard_ham()
    {
        Assert.Equal(6046, Notebook.Number("spam_emails"));
        // Chapter 08's preparation: subject and body only, duplicates removed, its seeded split (a fifth for the test).
        var distinct = Notebook.Number("spam_emails") - Notebook.Number("spam_duplicates_removed");
        Assert.True(Notebook.Number("spam_duplicates_removed") > 0);
        Assert.Equal(Math.Floor(distinct / 5), Notebook.Number("spam_test_emails"));
        Assert.Equal(ExecutedCourse.Get("08").Number("test_emails"), Notebook.Number("spam_test_emails"));
        Assert.Equal(ExecutedCourse.Get("08").Number("duplicates_removed"), Notebook.Number("spam_duplicates_removed"));
        Assert.True(Notebook.Number("spam_auc") > 0.95);
        // The threshold comes from the validation split (at most 1 % of its ham flagged); on the test ham it stays close.
        Assert.True(Notebook.Number("spam_test_false_positive_rate") < 0.03);
        Assert.True(Notebook.Number("spam_flagged_hard-ham-1") > Notebook.Number("spam_flagged_easy-ham-1"));
        Assert.True(Notebook.Number("spam_flagged_spam-2") > 0.9);
    }

    [Fact]
    public void Feedback_loop_keeps_or_amplifies_the_historical_bias()
    {
        // Equal true rates, a 60 % biased record: proportional allocation never corrects it, hot spots amplify it.
        Assert.Equal(0.6, Notebook.Number("loop_share_b_proportional"), 1e-9);
        Assert.InRange(Notebook.Number("loop_share_b_hot_spot"), 0.65, 0.7);
    }

    [Fact]
    public void Recommender_beats_best_sellers_and_stays_under_the_ceiling()
    {
        var ndcg = Notebook.Number("rec_ndcg_at_10");
        Assert.True(ndcg > Notebook.Number("rec_popularity_ndcg_at_10"), $"NDCG@10 {ndcg} vs best-sellers");
        Assert.True(ndcg < Notebook.Number("rec_oracle_ndcg_at_10"));
        Assert.InRange(Notebook.Number("rec_precision_at_10"), 0, 1);
        // Recall@10 with 5 held-out items is at most 2 × precision@10.
        Assert.True(Notebook.Number("rec_recall_at_10") <= 2 * Notebook.Number("rec_precision_at_10") + 1e-12);
    }
}
