using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 14, alignment and multimodality: the DPO and InfoNCE losses by hand equal the library's, DPO on chapter 13's
/// model raises the held-out preference margin and moves less from its reference as β grows, and a tiny CLIP classifies
/// Fashion-MNIST zero-shot far above chance, with trained and unseen prompt wordings, next to a supervised LeNet.
/// </summary>
public sealed class Chapter14Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("14");

    [Fact]
    public void Losses_by_hand_equal_the_library()
    {
        Assert.True(Notebook.Number("dpo_loss_library_diff") < 1e-12);
        Assert.Equal(Math.Log(2), Notebook.Number("dpo_ln2_at_start"), 1e-6);
        // The two made-up pairs have margins +1 and −1 at β = 0.5: the mean of log(1 + e^−1) and log(1 + e^1).
        Assert.Equal((Math.Log(1 + Math.Exp(-1)) + Math.Log(1 + Math.Exp(1))) / 2, Notebook.Number("dpo_loss_by_hand"), 1e-6);
        Assert.True(Notebook.Number("infonce_library_diff") < 1e-5);
        Assert.Equal(0.471666, Notebook.Number("infonce_by_hand"), 1e-5);   // recomputed independently in plain arithmetic
    }

    [Fact]
    public void Dpo_raises_the_held_out_margin_and_beta_limits_the_distance_from_the_reference()
    {
        Assert.Equal([128, 16], Notebook.Vector("preference_pairs"));
        var before = Notebook.Number("dpo_margin_before");
        var after = Notebook.Number("dpo_margin_after");
        Assert.True(after > before + 10, $"held-out margin {before:F2} → {after:F2}");
        var rewards = Notebook.Vector("dpo_final_rewards");
        Assert.True(rewards[0] > rewards[1], "the preferred completions end with the higher implicit reward");
        var capitals = Notebook.Vector("capital_share");
        Assert.True(capitals[1] < capitals[0], $"capital share {capitals[0]:F3} → {capitals[1]:F3}");
        var distance = Notebook.Vector("beta_distance");
        Assert.Equal(3, distance.Length);
        Assert.True(distance[0] > distance[1] && distance[1] > distance[2], $"distance by β: {string.Join(", ", distance)}");
        Assert.Equal(after, Notebook.Vector("beta_margin_after")[1], 1e-3);
    }

    [Fact]
    public void Tiny_clip_classifies_zero_shot_far_above_chance_with_trained_and_unseen_wordings()
    {
        Assert.True(Notebook.Number("clip_final_loss") < Notebook.Number("clip_initial_loss") - 1);
        var zeroShot = Notebook.Number("clip_zero_shot_acc");
        var unseen = Notebook.Number("clip_unseen_prompt_acc");
        Assert.InRange(zeroShot, 0.6, 1.0);
        Assert.InRange(unseen, 0.5, 1.0);
        Assert.True(unseen <= zeroShot + 0.02, "unseen wordings do not beat the trained ones");
        Assert.Equal(8, Notebook.Vector("clip_per_template_acc").Length);
        var lenet = Notebook.Number("lenet_test_acc");
        Assert.InRange(lenet, 0.7, 1.0);
        Assert.Equal(zeroShot - lenet, Notebook.Number("clip_minus_lenet"), 1e-9);
        Assert.True(Math.Abs(zeroShot - lenet) < 0.15, "the chapter says the two land in the same range");
        Assert.True(Notebook.Number("heatmap_diagonal_wins") >= 6);
        Assert.InRange(Notebook.Number("retrieval_precision_at_10"), 0.6, 1.0);
    }
}
