using System.Text;
using LargeModelsCourse.Data;
using LargeModelsCourse.Models;
using LargeModelsCourse.Tests.Data;
using LargeModelsCourse.Text;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// The library pieces chapter 13 teaches: byte-level BPE (merges on a known example, determinism, exact round-trip of
/// any Unicode text, save and load), the GPT body with a classification head, LoRA adapters and the checkpoint.
/// </summary>
public sealed class Chapter13LibraryTests
{
    [Fact]
    public void Bpe_learns_the_textbook_merges_of_aaabdaaabac()
    {
        // aa occurs 4 times → 256; then ab and (256, a) both occur twice: the tie goes to the smaller pair (a, b) → 257;
        // then (256, 257) twice → 258; after that every pair occurs once and training stops.
        var bpe = BpeTokenizer.Train(["aaabdaaabac"], mergeCount: 10);
        Assert.Equal([new BpeMerge('a', 'a', 256, 4), new BpeMerge('a', 'b', 257, 2), new BpeMerge(256, 257, 258, 2)], bpe.Merges);
        Assert.Equal([258, 'd', 258, 'a', 'c'], bpe.Encode("aaabdaaabac"));
        Assert.Equal("aaab", bpe.TokenText(258));
        Assert.Equal(259, bpe.VocabularySize);
    }

    [Fact]
    public void Bpe_merges_never_cross_word_boundaries_and_a_space_starts_a_word()
    {
        Assert.Equal(["the", " cat", ",", " the", "  ", " hat", "\n"], BpeTokenizer.Chunks("the cat, the   hat\n"));
        var bpe = BpeTokenizer.Train(["the cat the hat the mat"], mergeCount: 20);
        Assert.All(bpe.Merges.Select(m => bpe.TokenText(m.Id)), t => Assert.DoesNotContain("␣", t[1..], StringComparison.Ordinal));
    }

    [Fact]
    public void Bpe_training_is_deterministic()
    {
        var texts = Enumerable.Range(0, 200).Select(i => $"message {i}: the quick brown fox {i % 7} jumps over the lazy dog {i % 3}").ToList();
        var first = BpeTokenizer.Train(texts, 40);
        var second = BpeTokenizer.Train(texts.AsEnumerable().Reverse(), 40);   // order of the texts does not matter either
        Assert.Equal(first.Merges, second.Merges);
        Assert.Equal(40, first.Merges.Count);
        // Greedy training: the first k merges of a longer run are the tokenizer a run of k merges learns.
        Assert.Equal(BpeTokenizer.Train(texts, 25).Merges, first.Truncated(25).Merges);
        Assert.Throws<ArgumentOutOfRangeException>(() => first.Truncated(41));
    }

    [Fact]
    public void Bpe_round_trips_random_unicode_exactly_including_chinese()
    {
        var bpe = BpeTokenizer.Train(["大型模型的预训练和微调 large models, pre-training and fine-tuning 大型模型"], 30);
        var random = new Random(16);
        for (var trial = 0; trial < 300; trial++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(0, 40); i > 0; i--)
            {
                var codePoint = random.Next(4) switch
                {
                    0 => random.Next(0x4E00, 0x9FFF + 1),        // CJK ideographs
                    1 => random.Next(0x20, 0x7F),               // ASCII
                    2 => " \n\t"[random.Next(3)],
                    _ => RandomScalar(random),                  // anything, astral planes included
                };
                text.Append(char.ConvertFromUtf32(codePoint));
            }
            var s = text.ToString();
            Assert.Equal(s, bpe.Decode(bpe.Encode(s)));
        }
        Assert.Equal("预训练 🐋 x", bpe.Decode(bpe.Encode("预训练 🐋 x")));
        Assert.True(bpe.Encode("大型模型").Length < Encoding.UTF8.GetByteCount("大型模型"), "merges learned on Chinese text shorten it");
    }

    private static int RandomScalar(Random random)
    {
        while (true)
        {
            var c = random.Next(1, 0x110000);
            if (c is < 0xD800 or > 0xDFFF) return c;
        }
    }

    [Fact]
    public void Bpe_rejects_lone_surrogates_and_bad_ids_with_clear_errors()
    {
        var e = Assert.Throws<ArgumentException>(() => BpeTokenizer.Bytes.Encode("a\uD800b"));
        Assert.Contains("surrogate", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Bytes.Decode(new[] { 256 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => BpeTokenizer.Train(["x"], -1));
    }

    [Fact]
    public void Bpe_saves_and_loads_the_same_merges_atomically()
    {
        using var folder = new TempFolder();
        var bpe = BpeTokenizer.Train(["low lower lowest newer wider 大型模型 大型"], 15);
        var path = Path.Combine(folder.Path, "sub", "bpe.json");
        bpe.Save(path);
        Assert.Equal(["bpe.json"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
        var loaded = BpeTokenizer.Load(path);
        Assert.Equal(bpe.Merges, loaded.Merges);
        Assert.Equal(bpe.Encode("the lowest 大型"), loaded.Encode("the lowest 大型"));
        File.WriteAllText(path, "{\"nonsense\": 1}");
        Assert.Throws<InvalidDataException>(() => BpeTokenizer.Load(path));
        Assert.Throws<FileNotFoundException>(() => BpeTokenizer.Load(Path.Combine(folder.Path, "missing.json")));
    }

    private static TinyGpt SmallGpt(int seed = 0)
    {
        torch.manual_seed(seed);
        return new TinyGpt(new GptConfig(Vocabulary: 40, Context: 12, Width: 16, Layers: 2, Heads: 2));
    }

    [Fact]
    public void Lora_starts_as_the_base_model_counts_its_parameters_and_merges_to_identical_outputs()
    {
        var gpt = SmallGpt();
        var ids = torch.randint(0, 40, [3, 12], generator: new Generator(1, torch.CPU));
        var before = gpt.forward(ids).detach();
        var adapters = Lora.Apply(gpt, rank: 2, alpha: 4);
        Assert.Equal(4, adapters.Count);
        Assert.True((gpt.forward(ids) - before).abs().max().item<float>() < 1e-6, "B starts at zero: the adapted model equals the base");

        // Trainable: per block, qkv (16 → 48) and output (16 → 16) adapters: r·(in + out) each.
        var (trainable, total) = Lora.Count(gpt);
        Assert.Equal(2 * (2 * (16 + 48) + 2 * (16 + 16)), trainable);
        Assert.Equal(ParameterTotal(SmallGpt()) + trainable, total);

        // Train the adapters a little so the update is not zero, then merge.
        var optimizer = optim.Adam(gpt.parameters().Where(p => p.requires_grad), lr: 0.05);
        for (var step = 0; step < 5; step++)
        {
            optimizer.zero_grad();
            gpt.forward(ids).square().mean().backward();
            optimizer.step();
        }
        var adapted = gpt.forward(ids).detach();
        Assert.True((adapted - before).abs().max().item<float>() > 1e-3, "the adapters changed the outputs");
        Assert.All(adapters, a => Assert.Equal(2.0, a.Scale));
        Lora.Merge(gpt);
        Assert.DoesNotContain(gpt.modules(), m => m is LoraLinear);
        Assert.Equal(ParameterTotal(SmallGpt()), gpt.parameters().Sum(p => p.numel()));
        Assert.True((gpt.forward(ids) - adapted).abs().max().item<float>() < 1e-5, "merged weights give the same outputs");
    }

    private static long ParameterTotal(nn.Module m) => m.parameters().Sum(p => p.numel());

    [Fact]
    public void Lora_linear_equals_its_formula()
    {
        torch.manual_seed(3);
        var linear = nn.Linear(5, 4);
        var lora = new LoraLinear(linear, rank: 3, alpha: 6);
        using (torch.no_grad()) lora.B.copy_(torch.randn(4, 3));
        var x = torch.randn(7, 5);
        var expected = x.matmul((linear.weight! + lora.B.matmul(lora.A) * 2.0).t()) + linear.bias!;
        Assert.True((lora.forward(x) - expected).abs().max().item<float>() < 1e-5);
        Assert.False(linear.weight!.requires_grad);
        Assert.True((lora.Merged().forward(x) - expected).abs().max().item<float>() < 1e-5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LoraLinear(nn.Linear(2, 2), 0, 1));
    }

    [Fact]
    public void Classifier_reads_the_last_real_token_so_padding_changes_nothing()
    {
        var classifier = new GptClassifier(SmallGpt(), classes: 2);
        classifier.eval();
        var ids = torch.randint(0, 40, [2, 12], generator: new Generator(5, torch.CPU));
        var lengths = torch.tensor(new long[] { 5, 12 });
        var padded = ids.clone();
        padded[0, 5..] = torch.tensor(7L);
        using var noGrad = torch.no_grad();
        Assert.True((classifier.forward(ids, lengths) - classifier.forward(padded, lengths)).abs().max().item<float>() < 1e-5);
        var alone = classifier.forward(ids[..1, ..5], torch.tensor(new long[] { 5 }));
        Assert.True((alone - classifier.forward(ids, lengths)[..1]).abs().max().item<float>() < 1e-5);
        Assert.Equal([2L, 2], classifier.forward(ids, lengths).shape);
    }

    [Fact]
    public void Checkpoint_saves_and_loads_the_same_model_and_tokenizer()
    {
        using var folder = new TempFolder();
        var gpt = SmallGpt(9);
        var bpe = BpeTokenizer.Train(["ab ab ab cd cd ef"], 5);
        // 40 token ids in the model, 256 in a byte tokenizer: they do not belong together.
        Assert.Throws<ArgumentException>(() => GptCheckpoint.Save(folder.Path, gpt, BpeTokenizer.Bytes, "mismatch"));
        var matching = new TinyGpt(new GptConfig(bpe.VocabularySize, 12, 16, 1, 2));
        var target = Path.Combine(folder.Path, "ckpt");
        Assert.False(GptCheckpoint.Exists(target));
        GptCheckpoint.Save(target, matching, bpe, "made by a test");
        Assert.True(GptCheckpoint.Exists(target));
        Assert.Empty(Directory.GetFiles(target, "*.tmp"));
        var (loaded, loadedTokenizer, note) = GptCheckpoint.Load(target);
        Assert.Equal("made by a test", note);
        Assert.Equal(matching.Config, loaded.Config);
        Assert.Equal(bpe.Merges, loadedTokenizer.Merges);
        var ids = torch.randint(0, bpe.VocabularySize, [2, 12]);
        matching.eval();
        using var noGrad = torch.no_grad();
        Assert.Equal(0, (matching.forward(ids) - loaded.forward(ids)).abs().max().item<float>());
        Assert.Throws<FileNotFoundException>(() => GptCheckpoint.Load(Path.Combine(folder.Path, "none")));
    }

    [Fact]
    public void Checkpoint_folder_is_under_the_checkouts_ignored_artifacts()
    {
        var folder = GptCheckpoint.Folder("pretrained-13", Support.Repo.Root);
        Assert.Equal(Path.Combine(Support.Repo.Root, "artifacts", "checkpoints", "pretrained-13"), folder);
        var ignore = File.ReadAllLines(Path.Combine(Support.Repo.Root, ".gitignore")).Select(l => l.Trim()).ToList();
        Assert.Contains(ignore, l => l is "artifacts/" or "artifacts/*" or "/artifacts/" or "/artifacts/*");
        Assert.DoesNotContain(ignore, l => l.StartsWith("!artifacts/checkpoints", StringComparison.Ordinal));
    }

    [Fact]
    public void Pretraining_is_deterministic_and_lowers_the_loss()
    {
        var text = torch.tensor(Enumerable.Range(0, 3000).Select(i => (long)(i * 7 % 13 % 10)).ToArray());
        var config = new GptConfig(Vocabulary: 10, Context: 8, Width: 16, Layers: 1, Heads: 2);
        var first = GptPretraining.Run(text, config, steps: 30, batch: 8, seed: 4);
        var second = GptPretraining.Run(text, config, steps: 30, batch: 8, seed: 4);
        var untrained = GptPretraining.Run(text, config, steps: 0, batch: 8, seed: 4);
        var x = text[..8].unsqueeze(0);
        using var noGrad = torch.no_grad();
        Assert.Equal(0, (first.forward(x) - second.forward(x)).abs().max().item<float>());
        double Loss(TinyGpt m) => nn.functional.cross_entropy(m.forward(x).view(-1, 10), text[1..9]).item<float>();
        Assert.True(Loss(first) < Loss(untrained) - 0.3, $"{Loss(first)} vs {Loss(untrained)}");
        Assert.Throws<ArgumentException>(() => GptPretraining.Run(text[..5], config, steps: 1));
    }
}
