using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 08, text classification and embeddings: the source text's three-sentence classifier rebuilt (it memorizes,
/// and its answers about unseen sentences are luck or systematic errors), then a bag-of-embeddings spam filter on the
/// SpamAssassin corpus measured honestly on a held-out test set.
/// </summary>
public sealed class Chapter08Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("08");


    [Fact]
    public void Three_sentence_vocabulary_and_pooling()
    {
        Assert.Equal(13, Notebook.Number("three_sentence_vocabulary_size"));
        Assert.Equal(1, Notebook.Number("vocabulary_matches_hand_count"));
        Assert.Equal(13 * 64 + 64 + 1, Notebook.Number("three_sentence_parameters"));
        Assert.True(Notebook.Number("embedding_bag_max_abs_diff") < 1e-6, "EmbeddingBag(mean) must pool exactly like the masked mean");
    }

    [Fact]
    public void Three_sentences_are_memorized_but_prove_nothing()
    {
        // The printed recipe (10 Adam steps at 0.001) does not yet separate its own training sentences...
        Assert.True(Notebook.Number("three_sentence_loss_after_10") < Notebook.Number("three_sentence_loss_start"));
        Assert.True(Notebook.Number("three_sentence_accuracy_after_10") < 1);
        // ...more steps memorize them.
        Assert.Equal(1, Notebook.Number("three_sentence_train_accuracy"));
        Assert.True(Notebook.Number("three_sentence_loss_after_200") < 0.2);

        // The flipped sentence is called positive by every initialization: a systematic error.
        Assert.Equal(1, Notebook.Number("bad_movie_positive_share"));
        Assert.True(Notebook.Number("bad_movie_probability") > 0.5);
        // The source's test sentence gets answers that depend on the seed.
        var (low, high) = (Notebook.Number("acting_is_terrible_min"), Notebook.Number("acting_is_terrible_max"));
        Assert.True(high - low > 0.2, $"answers should spread over seeds, got {low}..{high}");
        Assert.InRange(Notebook.Number("acting_is_terrible_positive_share"), 0.01, 0.99);
        Assert.InRange(Notebook.Number("acting_is_terrible_probability"), low, high);
        Assert.True(Notebook.Number("the_is_positive_share") < 0.5, "the known words alone lean negative, as the prose says");
    }

    [Fact]
    public void Spam_corpus_split_is_deduplicated_and_the_vocabulary_comes_from_training_only()
    {
        Assert.Equal(6046, Notebook.Number("emails"));
        var duplicates = Notebook.Number("duplicates_removed");
        Assert.InRange(duplicates, 1, 500);
        var distinct = 6046 - duplicates;
        Assert.Equal(Math.Floor(distinct / 5), Notebook.Number("test_emails"));
        Assert.Equal(distinct - Math.Floor(distinct / 5) - Math.Floor(distinct / 10), Notebook.Number("train_emails"));
        Assert.InRange(Notebook.Number("vocabulary_size"), 1000, 10_002);
        // Words seen only outside training are unknown, so the test set has more of them than the training set.
        Assert.True(Notebook.Number("test_unknown_share") > Notebook.Number("train_unknown_share"));
    }

    [Fact]
    public void Spam_filter_beats_the_majority_baseline_on_the_held_out_test_set()
    {
        var baseline = Notebook.Number("majority_baseline_accuracy");
        Assert.InRange(baseline, 0.6, 0.75); // the share of ham in the test split
        var accuracy = Notebook.Number("spam_test_accuracy");
        Assert.True(accuracy >= 0.95, $"test accuracy {accuracy:F4}");
        Assert.True(accuracy >= baseline + 0.2, $"test accuracy {accuracy:F4} vs baseline {baseline:F4}");
        Assert.Equal(accuracy - baseline, Notebook.Number("accuracy_above_baseline"), 1e-9);
        Assert.True(Notebook.Number("spam_precision") >= 0.9);
        Assert.True(Notebook.Number("spam_recall") >= 0.9);
        Assert.Equal(1, Notebook.Number("confusion_accuracy_matches"));
        Assert.True(Notebook.Number("validation_accuracy") >= 0.95);
        Assert.True(Notebook.Number("hard_ham_share_of_lost_ham") > 0.5, "the prose says most misfiled ham is hard ham");
    }

    [Fact]
    public void Word_scores_explain_the_logit_and_the_first_principal_component_follows_them()
    {
        Assert.True(Notebook.Number("score_identity_abs_diff") < 1e-4);
        Assert.True(Notebook.Number("pc1_score_correlation") > 0.9);
        Assert.InRange(Notebook.Number("pc1_variance_share"), 0.2, 1.0);
    }

    [Fact]
    public void States_no_run_time_that_no_cell_measures()
    {
        var prose = NotebookProse.Of("08");
        foreach (var phrase in NotebookProse.UnmeasuredRunTimes)
            Assert.DoesNotContain(phrase, prose, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_spam_filter_is_chosen_on_a_validation_set_passed_as_validation()
    {
        var board = Notebook.Outputs.Select(o => o["data"]?[LargeModelsCourse.Display.MimeBundle.PlainText]?.ToString() ?? "")
            .First(t => t.Contains("Spam filter: bag of embeddings", StringComparison.Ordinal));
        Assert.Contains("valid loss", board, StringComparison.Ordinal);
        Assert.DoesNotContain("validation as test", Notebook.AllText, StringComparison.Ordinal);
    }
}
