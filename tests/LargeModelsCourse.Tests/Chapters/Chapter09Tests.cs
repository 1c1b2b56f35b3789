using LargeModelsCourse.Data;
using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 09, attention and transformers: attention by hand equals TorchSharp's (single- and multi-head, causal),
/// positional encodings, and a tiny character-level GPT on Moby-Dick that beats unigram and bigram baselines
/// recomputed here independently.
/// </summary>
public sealed class Chapter09Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("09");


    [Fact]
    public void Attention_by_hand_equals_torchsharp_and_mathnet()
    {
        Assert.True(Notebook.Number("sdpa_max_abs_diff") < 1e-5);
        Assert.True(Notebook.Number("attention_reference_max_abs_diff") < 1e-5);
        Assert.True(Notebook.Number("causal_max_abs_diff") < 1e-5);
        Assert.Equal(0, Notebook.Number("future_weight_max"));
        Assert.All(Notebook.Vector("weight_row_sums"), s => Assert.Equal(1, s, 1e-5));
        Assert.True(Notebook.Number("mha_max_abs_diff") < 1e-5);
        Assert.True(Notebook.Number("mha_weights_max_abs_diff") < 1e-5);
        Assert.True(Notebook.Number("permutation_max_abs_diff") < 1e-5);
    }

    [Fact]
    public void Scaling_by_root_d_keeps_attention_soft_and_sinusoids_encode_offsets()
    {
        Assert.InRange(Notebook.Number("dot_product_std_d64"), 6.5, 9.5); // √64 = 8
        Assert.True(Notebook.Number("largest_weight_unscaled_d1024") > 0.8);
        Assert.True(Notebook.Number("largest_weight_scaled_d1024") < 0.5);
        Assert.True(Notebook.Number("pe_offset4_dot_spread") < 1e-9);
    }

    [Fact]
    public void Baselines_match_an_independent_count_of_the_book()
    {
        // Recompute the chapter's baselines from the text with plain counting: same split, same add-one smoothing.
        var text = Datasets.MobyDick();
        var alphabet = text.Distinct().Order().ToArray();
        var id = alphabet.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        var v = alphabet.Length;
        var ids = text.Select(c => id[c]).ToArray();
        var trainLength = ids.Length * 9 / 10;
        var unigram = new double[v];
        var pairs = new double[v, v];
        for (var i = 0; i < trainLength; i++)
        {
            unigram[ids[i]]++;
            if (i + 1 < trainLength) pairs[ids[i], ids[i + 1]]++;
        }
        var unigramTotal = trainLength + v;
        var rowTotals = Enumerable.Range(0, v).Select(a => Enumerable.Range(0, v).Sum(b => pairs[a, b]) + v).ToArray();
        double unigramLoss = 0, bigramLoss = 0;
        for (var i = trainLength; i < ids.Length; i++)
        {
            unigramLoss -= Math.Log((unigram[ids[i]] + 1) / unigramTotal);
            if (i + 1 < ids.Length) bigramLoss -= Math.Log((pairs[ids[i], ids[i + 1]] + 1) / rowTotals[ids[i]]);
        }
        unigramLoss /= ids.Length - trainLength;
        bigramLoss /= ids.Length - trainLength - 1;

        Assert.Equal(v, Notebook.Number("character_vocabulary"));
        Assert.Equal(Math.Log(v), Notebook.Number("uniform_loss"), 1e-9);
        Assert.Equal(unigramLoss, Notebook.Number("unigram_val_loss"), 1e-6);
        Assert.Equal(bigramLoss, Notebook.Number("bigram_val_loss"), 1e-6);
        Assert.True(bigramLoss < unigramLoss);
    }

    [Fact]
    public void Tiny_gpt_is_causal_and_its_validation_loss_beats_the_baselines()
    {
        const int width = 64, context = 64, layers = 2;
        var v = Notebook.Number("character_vocabulary");
        var block = 12.0 * width * width + 13 * width;
        Assert.Equal(block, Notebook.Number("block_parameters"));
        Assert.Equal(v * width + context * width + layers * block + 2 * width + width * v + v, Notebook.Number("gpt_parameters"));
        Assert.Equal(0, Notebook.Number("causality_leak"));
        Assert.True(Notebook.Number("weights_path_max_abs_diff") < 1e-5);
        Assert.InRange(Notebook.Number("initial_loss"), Math.Log(v) - 0.1, Math.Log(v) + 0.5);

        var validation = Notebook.Number("gpt_val_loss");
        Assert.True(validation < Notebook.Number("unigram_val_loss"), $"GPT {validation:F4} vs unigram");
        Assert.True(validation < Notebook.Number("bigram_val_loss"), $"GPT {validation:F4} vs bigram");
        Assert.Equal(Notebook.Number("bigram_val_loss") - validation, Notebook.Number("gpt_gain_over_bigram"), 1e-9);
        Assert.Equal(Math.Exp(validation), Notebook.Number("gpt_perplexity"), 1e-6);
        // Train and validation losses stay close: the model is far from memorizing the book.
        Assert.True(Math.Abs(Notebook.Number("gpt_train_loss") - validation) < 0.2);
    }

    [Fact]
    public void Temperature_trades_real_words_for_variety_and_heads_look_far_back()
    {
        var shares = Notebook.Vector("sample_real_word_share");
        Assert.Equal(3, shares.Length);
        Assert.True(shares[0] > shares[1] && shares[1] > shares[2], $"real-word shares {string.Join(", ", shares)}");
        Assert.All(Notebook.Vector("head_weight_further_than_5"), s => Assert.True(s > 0.1));
    }

    [Fact]
    public void States_no_run_time_that_no_cell_measures()
    {
        var prose = NotebookProse.Of("09");
        foreach (var phrase in NotebookProse.UnmeasuredRunTimes)
            Assert.DoesNotContain(phrase, prose, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Does_not_claim_where_the_gain_over_the_bigram_comes_from_without_an_ablation()
    {
        var prose = NotebookProse.Of("09");
        Assert.DoesNotContain("That is where the gain over the bigram baseline comes from", prose, StringComparison.Ordinal);
        Assert.Contains("ablation", prose, StringComparison.Ordinal);
    }
}
