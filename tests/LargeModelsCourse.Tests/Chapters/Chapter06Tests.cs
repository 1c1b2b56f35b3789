using LargeModelsCourse.Display;
using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 06, the training pipeline: the MLP 784-64-64-10 trained with Adam on real MNIST, the hand-written epoch
/// against the library's trainer, the evaluation (errata 6a: about 0.97, not the text's 0.9880), the confusion
/// matrix, and save/reload with identical outputs.
/// </summary>
public sealed class Chapter06Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("06");


    [Fact]
    public void Trains_on_the_real_mnist_splits()
    {
        Assert.Equal(60_000, Notebook.Number("train_images"));
        Assert.Equal(10_000, Notebook.Number("test_images"));
        // Digit 1 is the commonest test digit: 1,135 of 10,000.
        Assert.Equal(0.1135, Notebook.Number("majority_baseline"), 1e-12);
        Assert.Contains("MNIST handwritten digits", Notebook.AllText);
    }

    [Fact]
    public void The_mlp_has_the_texts_shape()
    {
        Assert.Equal(784 * 64 + 64 + 64 * 64 + 64 + 64 * 10 + 10, Notebook.Number("parameters"));
        Assert.Equal(1875, Notebook.Number("steps_per_epoch"));
    }

    [Fact]
    public void An_untrained_classifier_scores_about_ln_10_and_one_step_lowers_the_batch_loss()
    {
        Assert.Equal(Math.Log(10), Notebook.Number("ln_10"), 1e-12);
        Assert.InRange(Notebook.Number("initial_loss"), Math.Log(10) - 0.1, Math.Log(10) + 0.1);
        Assert.True(Notebook.Number("batch_loss_after") < Notebook.Number("batch_loss_before"));
    }

    [Fact]
    public void The_trainer_runs_exactly_the_hand_written_loop()
    {
        Assert.Equal(0, Notebook.Number("hand_vs_trainer_gap"));
        Assert.Equal(Notebook.Number("hand_epoch_loss"), Notebook.Number("trainer_epoch1_loss"));
        Assert.InRange(Notebook.Number("hand_epoch_loss"), 0.1, 0.6);
    }

    [Fact]
    public void Test_accuracy_is_the_measured_one_near_0_97_not_the_texts_0_988()
    {
        var accuracy = Notebook.Number("test_accuracy");
        Assert.InRange(accuracy, 0.96, 0.985);
        Assert.True(Notebook.Number("test_loss") < 0.2);
        var note = Notebook.Outputs.Select(o => o["data"]?[MimeBundle.PlainText]?.ToString() ?? "")
            .Single(t => t.StartsWith("test_accuracy = ", StringComparison.Ordinal));
        Assert.Contains("0.9880", note);
        Assert.Contains("errata 6a", note);
    }

    [Fact]
    public void Confusion_matrix_counts_every_test_image_once()
    {
        Assert.Equal(10_000, Notebook.Number("confusion_total"));
        var misclassified = Notebook.Number("misclassified");
        Assert.Equal(Math.Round((1 - Notebook.Number("test_accuracy")) * 10_000), misclassified);
        Assert.InRange(Notebook.Number("most_confused_count"), 1, misclassified);
        Assert.InRange(Notebook.Number("worst_digit_accuracy"), 0.8, Notebook.Number("test_accuracy"));
    }

    [Fact]
    public void Reloaded_model_gives_identical_logits()
    {
        Assert.Equal(0, Notebook.Number("reload_max_abs_diff"));
        Assert.Equal(10_000, Notebook.Number("agreement_after_load"));
        // Before loading, the fresh network (another seed) is a different model.
        Assert.True(Notebook.Number("agreement_before_load") < 5_000);
        Assert.True(Notebook.Number("saved_bytes") >= Notebook.Number("weight_bytes"));
        Assert.Equal(4 * Notebook.Number("parameters"), Notebook.Number("weight_bytes"));
    }

    [Fact]
    public void Training_progress_is_one_board_updated_in_place()
    {
        var boards = Notebook.Outputs.Where(o => o["data"]?[MimeBundle.Html]?.ToString().Contains("lmc-training", StringComparison.Ordinal) == true).ToList();
        var board = Assert.Single(boards);
        Assert.Contains("finished 5 epoch(s)", board["data"]![MimeBundle.PlainText]!.ToString());
        // The board draws its loss/accuracy chart inside its HTML (a Plotly figure beside the bar), not as a separate
        // Plotly output: VS Code would otherwise show only the chart and hide the progress bar.
        Assert.Contains("Plotly.newPlot", board["data"]![MimeBundle.Html]!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Shows_the_required_charts()
    {
        var titles = Notebook.Outputs.Select(o => o["data"]?[MimeBundle.PlotlyJson]?["layout"]?["title"]?["text"]?.ToString()).OfType<string>().ToList();
        Assert.Contains(titles, t => t.StartsWith("Confusion matrix", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Misclassified test images", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.StartsWith("Latency of one prediction", StringComparison.Ordinal));
    }
}
