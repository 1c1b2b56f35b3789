using LargeModelsCourse.Alignment;
using LargeModelsCourse.Models;
using LargeModelsCourse.Multimodal;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// The library pieces chapter 14 teaches: the DPO loss and completion log-probabilities, and CLIP's symmetric
/// InfoNCE loss with its learned temperature, each against a computation written out by hand.
/// </summary>
public sealed class Chapter14LibraryTests
{
    [Fact]
    public void Dpo_loss_equals_the_formula_computed_by_hand()
    {
        double[] pc = [-3.0, -5.5], pr = [-4.0, -2.0], rc = [-3.5, -5.0], rr = [-3.8, -2.5];
        const double beta = 0.5;
        var terms = Dpo.Loss(torch.tensor(pc), torch.tensor(pr), torch.tensor(rc), torch.tensor(rr), beta);
        var expected = new double[2];
        for (var i = 0; i < 2; i++)
        {
            var margin = beta * ((pc[i] - rc[i]) - (pr[i] - rr[i]));
            expected[i] = Math.Log(1 + Math.Exp(-margin));     // −log σ(m)
        }
        Assert.Equal(expected.Average(), terms.Loss.item<double>(), 1e-12);
        Assert.Equal(beta * (pc[0] - rc[0]), terms.ChosenReward[0].item<double>(), 1e-12);
        Assert.Equal(beta * (pr[1] - rr[1]), terms.RejectedReward[1].item<double>(), 1e-12);
        Assert.Equal(beta * ((pc[1] - rc[1]) - (pr[1] - rr[1])), terms.RewardMargin[1].item<double>(), 1e-12);
        // Policy equal to the reference: every margin is 0 and the loss is ln 2.
        var same = torch.tensor(pc);
        Assert.Equal(Math.Log(2), Dpo.Loss(same, same, same, same, 0.1).Loss.item<double>(), 1e-12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Dpo.Loss(same, same, same, same, 0));
    }

    [Fact]
    public void Completion_log_probability_sums_the_completion_tokens_only()
    {
        torch.manual_seed(2);
        var gpt = new TinyGpt(new GptConfig(Vocabulary: 11, Context: 8, Width: 8, Layers: 1, Heads: 2));
        gpt.eval();
        var ids = torch.tensor(new long[] { 1, 2, 3, 4, 5, 6 }).unsqueeze(0);
        var mask = torch.tensor(new long[] { 0, 0, 0, 1, 1, 0 }).unsqueeze(0);    // tokens 4 and 5 are the completion
        using var noGrad = torch.no_grad();
        var logProbabilities = gpt.forward(ids).log_softmax(-1)[0];
        var byHand = logProbabilities[2, 4].item<float>() + logProbabilities[3, 5].item<float>();
        Assert.Equal(byHand, Dpo.CompletionLogProbability(gpt, ids, mask)[0].item<float>(), 1e-5);
    }

    [Fact]
    public void Info_nce_equals_the_formula_computed_by_hand()
    {
        double[,] images = { { 1, 0 }, { 0.6, 0.8 }, { -1, 1 } };
        double[,] texts = { { 2, 0.5 }, { 0, 1 }, { -0.5, 0.4 } };
        var loss = new ContrastiveLoss(initialTemperature: 0.5);
        Assert.Equal(2.0, loss.Scale, 1e-6);
        var value = loss.forward(torch.tensor(images, float32), torch.tensor(texts, float32)).item<float>();

        double[] Unit(double[,] m, int row)
        {
            var v = new[] { m[row, 0], m[row, 1] };
            var n = Math.Sqrt(v[0] * v[0] + v[1] * v[1]);
            return [v[0] / n, v[1] / n];
        }
        var s = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
            {
                var (a, b) = (Unit(images, i), Unit(texts, j));
                s[i, j] = 2.0 * (a[0] * b[0] + a[1] * b[1]);
            }
        double rows = 0, columns = 0;
        for (var i = 0; i < 3; i++)
        {
            rows += -s[i, i] + Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(s[i, j])));
            columns += -s[i, i] + Math.Log(Enumerable.Range(0, 3).Sum(j => Math.Exp(s[j, i])));
        }
        Assert.Equal((rows / 3 + columns / 3) / 2, value, 1e-5);
        Assert.Single(loss.parameters());   // the temperature is learned
        Assert.Throws<ArgumentException>(() => loss.forward(torch.zeros(3, 2), torch.zeros(2, 2)));
    }

    [Fact]
    public void Info_nce_is_low_for_matching_pairs_and_its_scale_is_capped()
    {
        var loss = new ContrastiveLoss(initialTemperature: 0.001);
        Assert.Equal(ContrastiveLoss.MaxScale, loss.Scale, 1e-3);
        var e = torch.eye(4);
        Assert.True(loss.forward(e, e).item<float>() < 1e-6);
        Assert.True(loss.forward(e, e.flip(0)).item<float>() > 10);
    }

    [Fact]
    public void Tiny_clip_embeds_images_and_captions_in_one_space_ignoring_padding()
    {
        torch.manual_seed(5);
        var clip = new TinyClip(vocabulary: 30, dimensions: 12);
        clip.eval();
        using var noGrad = torch.no_grad();
        Assert.Equal([3L, 12], clip.EncodeImages(torch.rand(3, 1, 28, 28)).shape);
        var ids = torch.tensor(new long[,] { { 4, 5, 6, 0, 0 }, { 4, 5, 6, 9, 9 } });
        var lengths = torch.tensor(new long[] { 3, 3 });
        var texts = clip.EncodeTexts(ids, lengths);
        Assert.True((texts[0] - texts[1]).abs().max().item<float>() < 1e-6, "padding after a caption does not change its embedding");
        var loss = clip.forward(torch.rand(2, 1, 28, 28), ids, torch.tensor(new long[] { 3, 5 }));
        Assert.True(loss.item<float>() > 0);
        Assert.Contains(clip.parameters(), p => p.numel() == 1);   // the learned temperature
    }
}
