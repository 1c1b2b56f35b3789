using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 01, large models at a glance: parameter counts computed from TorchSharp modules, training compute and
/// memory, and the compute-optimal scaling law, as the executed notebook shows them.
/// </summary>
public sealed class Chapter01Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("01");

    private static void Near(double expected, double actual, double relative, string what) =>
        Assert.True(Math.Abs(actual - expected) <= relative * Math.Abs(expected),
            $"{what}: expected {expected:R} within {relative:P4}, got {actual:R}");


    [Fact]
    public void Gpt2_small_counts_124M_and_equals_the_formula_exactly()
    {
        var counted = Notebook.Number("gpt2_params");
        Assert.InRange(counted, 123e6, 125e6);
        Assert.Equal(Notebook.Number("gpt2_params_formula"), counted);
        Assert.Equal(0, Notebook.Number("gpt2_formula_difference"));
        // V·d + T·d + L·(12d² + 13d) + 2d for V = 50,257, T = 1,024, d = 768, L = 12, computed here independently.
        const long d = 768;
        Assert.Equal(50257 * d + 1024 * d + 12 * (12 * d * d + 13 * d) + 2 * d, (long)counted);
        Assert.Equal(12 * d * d + 13 * d, (long)Notebook.Number("gpt2_block_params"));
        Assert.Equal(Notebook.Number("gpt2_block_formula"), Notebook.Number("gpt2_block_params"));
        Assert.Equal(counted + 50257 * d, Notebook.Number("gpt2_untied_head_params"));
    }

    [Fact]
    public void Bert_base_counts_110M_and_equals_the_formula_exactly()
    {
        var counted = Notebook.Number("bert_params");
        Assert.InRange(counted, 109e6, 111e6);
        Assert.Equal(Notebook.Number("bert_params_formula"), counted);
        const long d = 768;
        Assert.Equal((30522 + 512 + 2) * d + 2 * d + 12 * (12 * d * d + 13 * d) + d * d + d, (long)counted);
        Assert.Equal(110e6, Notebook.Number("bert_base_two_significant"));
    }

    [Fact]
    public void Bert_large_count_is_exact_and_the_papers_340M_is_it_to_two_significant_figures()
    {
        // (V + P + 2)·d + 2d + L·(12d² + 13d) + d² + d for V = 30,522, P = 512, d = 1,024, L = 24.
        const long d = 1024, v = 30522;
        const long exact = (v + 512 + 2) * d + 2 * d + 24 * (12 * d * d + 13 * d) + d * d + d;
        Assert.Equal(exact, (long)Notebook.Number("bert_large_params"));
        Assert.Equal(exact, (long)Notebook.Number("bert_large_params_formula"));
        Assert.Equal(340_000_000 - exact, (long)Notebook.Number("bert_large_gap_to_340M"));
        // Masked-LM head (d² + d + 2d + V; its output matrix is tied) and next-sentence head (2d + 2).
        Assert.Equal(exact + d * d + d + 2 * d + v + 2 * d + 2, (long)Notebook.Number("bert_large_with_pretraining_heads"));
        Assert.True(Notebook.Number("bert_large_with_pretraining_heads") < 340e6, "the heads do not make up the gap");
        Assert.Equal(340e6, Notebook.Number("bert_large_two_significant"));
    }

    [Fact]
    public void TorchSharp_encoder_layer_has_the_same_parameters_as_the_chapter_block()
    {
        Assert.Equal(Notebook.Number("torch_encoder_layer_params"), Notebook.Number("our_block_params"));
        Assert.Equal(7_087_872, Notebook.Number("our_block_params"));
        Assert.Equal(2_362_368, Notebook.Number("linear_768_3072"));
        Assert.Equal(Notebook.Number("linear_768_3072_formula"), Notebook.Number("linear_768_3072"));
    }

    [Fact]
    public void Original_gpt_formula_explains_the_117M_in_the_gpt2_paper() =>
        Assert.InRange(Notebook.Number("gpt1_params_formula"), 116.5e6, 117.5e6);

    [Fact]
    public void Tiny_gpt_runs_starts_near_ln_v_and_holds_16_bytes_per_parameter_with_adam()
    {
        Assert.Equal(Math.Log(256), Notebook.Number("ln_vocab"), 6);
        Assert.InRange(Notebook.Number("tiny_initial_loss"), Math.Log(256) - 0.1, Math.Log(256) + 0.1);
        Assert.Equal(Notebook.Number("tiny_params_formula"), Notebook.Number("tiny_params"));
        Assert.Equal(16, Notebook.Number("tiny_bytes_per_param"));
    }

    [Fact]
    public void Training_compute_is_six_n_d()
    {
        Assert.Equal(6, Notebook.Number("flops_per_param_per_token"));
        Near(6.0 * 124_439_808 * 10e9, Notebook.Number("gpt2_train_flops"), 1e-12, "GPT-2 small on 10B tokens");
        Near(3.14e23, Notebook.Number("gpt3_train_flops"), 0.01, "GPT-3: 6ND vs the paper's 3.14E+23");
        // Attention is the gap between the forward FLOPs and 2N for GPT-2 small; it shrinks as T/6d for wide models.
        Assert.InRange(Notebook.Number("gpt2_forward_vs_2N"), 1.0, 1.25);
        Near(1024.0 / (6 * 768), Notebook.Number("attention_share_gpt2"), 1e-12, "T/6d for GPT-2");
        Assert.True(Notebook.Number("attention_share_gpt3") < 0.05);
    }

    [Fact]
    public void Memory_budgets_follow_the_bytes_per_parameter()
    {
        Near(16.0 * 124_439_808 / 1e9, Notebook.Number("gpt2_train_fp32_gb"), 1e-12, "GPT-2 small fp32 + Adam");
        Near(2800, Notebook.Number("gpt3_train_mixed_gb"), 1e-12, "GPT-3 mixed + Adam");
        Assert.Equal(35, Notebook.Number("gpt3_gpus_80gb"));
    }

    [Fact]
    public void Fine_tuning_and_patches()
    {
        Assert.Equal(768 * 2 + 2, Notebook.Number("head_only_trainable"));
        Near(256.0 * (900_000 * 128 + 100_000 * 512), Notebook.Number("bert_pretrain_tokens"), 1e-12, "BERT pre-training tokens");
        Assert.Equal(196, Notebook.Number("vit_patch_tokens"));
        Assert.Equal(768, Notebook.Number("vit_patch_values"));
    }

    [Fact]
    public void Published_sizes_grew_fast()
    {
        Assert.InRange(Notebook.Number("size_doubling_months"), 3, 8);
        Assert.True(Notebook.Number("growth_gpt_to_gpt3") > 1000);
    }

    [Fact]
    public void Scaling_preview_finds_the_closed_form_optimum_numerically() =>
        Assert.True(Notebook.Number("optimum_numeric_vs_closed_form") < 1e-5, "golden-section search and closed form must agree");
}
