using LargeModelsCourse.Data;
using LargeModelsCourse.Models;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Text;
using TorchSharp;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Chapter 13, pre-training and fine-tuning: BPE by hand equals the library, exact round-trips, a GPT pre-trained on
/// unlabelled SpamAssassin text that beats baselines recomputed here, fine-tuning over label budgets and seeds, LoRA
/// with its exact trainable share and a merge that changes no output, and the checkpoint chapter 14 loads.
/// </summary>
public sealed class Chapter13Tests
{
    private static ExecutedResult Notebook => ExecutedCourse.Get("13");

    [Fact]
    public void Bpe_by_hand_equals_the_library_and_round_trips_every_text()
    {
        Assert.Equal(1, Notebook.Number("toy_merges_match_library"));
        Assert.Equal(1, Notebook.Number("bpe_roundtrip_exact"));
        Assert.Equal(1024, Notebook.Number("model_vocabulary"));
        Assert.Equal(3, Notebook.Number("chinese_bytes_per_character"));
    }

    [Fact]
    public void Bpe_needs_fewer_tokens_per_word_as_merges_grow_between_characters_and_words()
    {
        var byMerges = Notebook.Vector("bpe_tokens_per_word_by_merges");
        Assert.Equal(7, byMerges.Length);
        for (var i = 1; i < byMerges.Length; i++) Assert.True(byMerges[i] < byMerges[i - 1], $"tokens per word must fall with merges: {string.Join(", ", byMerges)}");
        var model = Notebook.Number("bpe_tokens_per_word");
        Assert.Equal(byMerges[5], model);                    // the 768-merge tokenizer
        Assert.InRange(model, 1, Notebook.Number("chars_per_word") / 1.5);
        Assert.InRange(Notebook.Number("unseen_word_share"), 0.01, 0.5);
    }

    [Fact]
    public void Baselines_match_an_independent_count_and_the_pretrained_gpt_beats_them()
    {
        // Recompute the bigram baseline from the corpus with the library pieces: same cleaning, split, tokenizer, smoothing.
        var emails = Datasets.SpamAssassin();
        static string Text(Email e) => e.Subject + "\n" + e.Body;
        static string Clip(string t) => t.Length <= 3000 ? t : t[..(char.IsHighSurrogate(t[2999]) ? 2999 : 3000)];
        var distinct = emails.GroupBy(Text, StringComparer.Ordinal).Select(g => g.First()).ToList();
        var order = torch.randperm(distinct.Count, generator: new torch.Generator(0, torch.CPU)).data<long>().ToArray();
        var (test, validation) = (distinct.Count / 5, distinct.Count / 10);
        var train = order.Skip(test + validation).Select(i => Clip(Text(distinct[(int)i]))).ToList();
        var valid = order.Skip(test).Take(validation).Select(i => Clip(Text(distinct[(int)i]))).ToList();
        var bpe = BpeTokenizer.Train(train, 768);
        var trainIds = bpe.Encode(string.Join("\n\n", train));
        var validIds = bpe.Encode(string.Join("\n\n", valid));
        var v = bpe.VocabularySize;
        var pairs = new Dictionary<(int, int), double>();
        var rows = new double[v];
        for (var i = 0; i + 1 < trainIds.Length; i++)
        {
            pairs[(trainIds[i], trainIds[i + 1])] = pairs.GetValueOrDefault((trainIds[i], trainIds[i + 1])) + 1;
            rows[trainIds[i]]++;
        }
        double bigram = 0;
        for (var i = 0; i + 1 < validIds.Length; i++)
            bigram -= Math.Log((pairs.GetValueOrDefault((validIds[i], validIds[i + 1])) + 1) / (rows[validIds[i]] + v));
        bigram /= validIds.Length - 1;
        Assert.Equal(bigram, Notebook.Number("bigram_val_loss"), 1e-6);
        Assert.Equal(validIds.Length, Notebook.Number("validation_tokens"));

        var pretrain = Notebook.Number("pretrain_val_loss");
        Assert.True(pretrain < bigram && bigram < Notebook.Number("unigram_val_loss"), $"GPT {pretrain:F4}, bigram {bigram:F4}");
        Assert.Equal(bigram - pretrain, Notebook.Number("pretrain_gain_over_bigram"), 1e-9);
        const int w = 64, context = 64, layers = 2;
        Assert.Equal(v * w + context * w + layers * (12.0 * w * w + 13 * w) + 2 * w + w * v + v, Notebook.Number("gpt_parameters"));
    }

    [Fact]
    public void Fine_tuning_beats_the_majority_baseline_and_the_gain_is_reported_per_budget()
    {
        var pretrained = Notebook.Vector("pretrained_test_accuracy");
        var scratch = Notebook.Vector("scratch_test_accuracy");
        var gains = Notebook.Vector("finetune_gain_by_budget");
        Assert.Equal(3, gains.Length);
        for (var i = 0; i < 3; i++) Assert.Equal(pretrained[i] - scratch[i], gains[i], 1e-9);
        Assert.Equal(gains[0], Notebook.Number("finetune_gain_smallest_budget"));
        Assert.Equal(pretrained[^1], Notebook.Number("full_finetune_acc"));
        var majority = Notebook.Number("majority_baseline_accuracy");
        Assert.True(pretrained.All(a => a > majority) && scratch[^1] > majority, "every model must beat always-ham");
        // More labels help both starts.
        Assert.True(pretrained[^1] > pretrained[0] && scratch[^1] > scratch[0]);
        // What the chapter says: pre-training helps most where labels are fewest.
        Assert.True(gains[0] > 0, $"gain at the smallest budget {gains[0]:F4}");
        Assert.True(gains[0] > gains[1] && gains[0] > gains[2], $"gains by budget {string.Join(", ", gains)}");
    }

    [Fact]
    public void Lora_trains_its_exact_share_and_merges_without_changing_outputs()
    {
        // Rank 4 on qkv (64 → 192) and output (64 → 64) of two blocks, plus the head (64 → 2).
        const double trainable = 2 * (4 * (64 + 192) + 4 * (64 + 64)) + 64 * 2 + 2;
        var v = Notebook.Number("model_vocabulary");
        var total = Notebook.Number("gpt_parameters") + (64 * 2 + 2) + 2 * (4 * (64 + 192) + 4 * (64 + 64));
        Assert.Equal(trainable, Notebook.Number("lora_trainable_parameters"));
        Assert.Equal(trainable / total, Notebook.Number("lora_trainable_share"), 1e-4);
        Assert.True(Notebook.Number("lora_trainable_share") < 0.02);
        Assert.True(v > 0);
        Assert.True(Notebook.Number("lora_by_hand_max_abs_diff") < 1e-5);
        Assert.True(Notebook.Number("lora_merge_max_abs_diff") < 1e-4);
        Assert.Equal(0, Notebook.Number("merged_adapters_left"));
        Assert.Equal(1, Notebook.Number("merged_parameters_equal_base"));
        Assert.True(Notebook.Number("lora_acc") > Notebook.Number("majority_baseline_accuracy"));
    }

    [Fact]
    public void The_pretrained_checkpoint_is_saved_for_chapter_14()
    {
        _ = Notebook.Number("pretrain_val_loss");   // the chapter has run
        var folder = GptCheckpoint.Folder("chapter13-gpt", Repo.Root);
        Assert.True(GptCheckpoint.Exists(folder), folder);
        var (model, tokenizer, note) = GptCheckpoint.Load(folder);
        Assert.Equal(1024, tokenizer.VocabularySize);
        Assert.Equal(new GptConfig(1024, 64, 64, 2, 4), model.Config);
        Assert.Contains("chapter 13", note, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp"));
    }
}
