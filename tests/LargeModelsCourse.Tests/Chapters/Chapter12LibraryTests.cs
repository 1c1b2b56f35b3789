using LargeModelsCourse.Data;
using LargeModelsCourse.Maths;
using LargeModelsCourse.Responsible;
using LargeModelsCourse.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>The library pieces chapter 12 teaches: saliency, FGSM, label noise, DP-SGD gradients, group fairness.</summary>
public sealed class Chapter12LibraryTests
{
    private static nn.Module<Tensor, Tensor> SmallMlp(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("fc1", nn.Linear(6, 5)), ("relu1", nn.ReLU()), ("fc2", nn.Linear(5, 3)));
    }

    [Fact]
    public void Saliency_of_a_linear_model_is_its_weight_row()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var linear = nn.Linear(4, 3);
        var model = nn.Sequential(("linear", linear));
        var x = torch.randn(2, 4);
        var saliency = Saliency.Gradients(model, x, torch.tensor(new long[] { 2, 0 }));
        Assert.True(saliency[0].allclose(linear.weight![2].abs().detach()));
        Assert.True(saliency[1].allclose(linear.weight![0].abs().detach()));
        // Works inside no_grad too, and refuses a wrong number of classes.
        using (torch.no_grad()) Assert.Equal([2L, 4L], Saliency.Gradients(model, x, torch.tensor(new long[] { 1, 1 })).shape);
        Assert.Throws<ArgumentException>(() => Saliency.Gradients(model, x, torch.tensor(new long[] { 1 })));
    }

    [Fact]
    public void Fgsm_moves_each_pixel_by_epsilon_in_the_direction_that_raises_the_loss()
    {
        using var scope = torch.NewDisposeScope();
        var model = SmallMlp(2);
        var x = torch.rand(16, 6) * 0.6 + 0.2;   // away from the clip range's edges
        var y = torch.randint(0, 3, [16]);
        var adversarial = Fgsm.Perturb(model, x, y, 0.1);
        var change = (adversarial - x).abs();
        Assert.True(change.le(0.1 + 1e-6).all().item<bool>());
        Assert.True(change.max().item<float>() > 0.099);
        using var noGrad = torch.no_grad();
        var clean = nn.functional.cross_entropy(model.forward(x), y).item<float>();
        var attacked = nn.functional.cross_entropy(model.forward(adversarial), y).item<float>();
        Assert.True(attacked > clean);
        Assert.True(Fgsm.Perturb(model, x, y, 0).equal(x).all().item<bool>());
        Assert.True(Fgsm.Perturb(model, x, y, 5).ge(0).logical_and(Fgsm.Perturb(model, x, y, 5).le(1)).all().item<bool>());
        Assert.Throws<ArgumentOutOfRangeException>(() => Fgsm.Perturb(model, x, y, -0.1));
    }

    [Fact]
    public void Label_noise_flips_exactly_the_requested_share_to_other_classes()
    {
        using var scope = torch.NewDisposeScope();
        var labels = torch.arange(1000, dtype: int64).remainder(10);
        using var noisy = LabelNoise.Flip(labels, 0.3, 10, seed: 3);
        Assert.Equal(300, noisy.FlippedCount);
        Assert.True(noisy.Labels.ne(labels).equal(noisy.Flipped).all().item<bool>(), "every flipped label differs and no other does");
        Assert.True(noisy.Labels.ge(0).logical_and(noisy.Labels.lt(10)).all().item<bool>());
        using var again = LabelNoise.Flip(labels, 0.3, 10, seed: 3);
        Assert.True(again.Labels.equal(noisy.Labels).all().item<bool>());
        Assert.Throws<ArgumentException>(() => LabelNoise.Flip(labels, 0.3, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => LabelNoise.Flip(labels, 1.2, 10));
    }

    [Fact]
    public void Private_gradients_equal_the_per_example_loop()
    {
        using var scope = torch.NewDisposeScope();
        var model = SmallMlp(4);
        var x = torch.randn(6, 6);
        var y = torch.randint(0, 3, [6]);
        const double clip = 0.5;
        Tensor Flat() => torch.cat(model.parameters().Select(p => p.grad!.flatten()).ToArray()).clone();
        var expected = torch.zeros(model.parameters().Sum(p => p.numel()));
        var norms = new List<float>();
        for (var i = 0; i < 6; i++)
        {
            model.zero_grad();
            nn.functional.cross_entropy(model.forward(x[i..(i + 1)]), y[i..(i + 1)]).backward();
            var g = Flat();
            norms.Add(g.norm().item<float>());
            expected += g * Math.Min(1, clip / norms[^1]);
        }
        model.zero_grad();
        var step = PrivateGradients.Compute(model, x, y, clip, 0, new Generator(1));
        Assert.True((Flat() * 6 - expected).abs().max().item<float>() < 1e-5);
        Assert.True((step.Norms - torch.tensor(norms.ToArray())).abs().max().item<float>() < 1e-4);
        Assert.Equal(norms.Count(n => n > clip) / 6.0, step.ClippedFraction, 1e-12);

        // With noise, the gradient differs by N(0, σ²C²) per entry before the division by B: the same draws, in parameter order.
        PrivateGradients.Compute(model, x, y, clip, 4, new Generator(2));
        var generator = new Generator(2);
        var draws = torch.cat(model.parameters().Select(p => torch.randn(p.shape, generator: generator).flatten()).ToArray());
        Assert.True((Flat() * 6 - expected - draws * (4 * clip)).abs().max().item<float>() < 1e-4);
    }

    [Fact]
    public void Private_gradients_refuse_models_they_cannot_handle()
    {
        using var scope = torch.NewDisposeScope();
        var withNorm = nn.Sequential(("fc", nn.Linear(4, 3)), ("norm", nn.LayerNorm(3)));
        var e = Assert.Throws<ArgumentException>(() => PrivateGradients.Compute(withNorm, torch.randn(2, 4), torch.zeros(2, dtype: int64), 1, 1, new Generator(0)));
        Assert.Contains("norm", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PrivateGradients.Compute(SmallMlp(1), torch.randn(2, 6), torch.zeros(2, dtype: int64), 0, 1, new Generator(0)));
    }

    [Fact]
    public void Group_fairness_from_confusion_matrices()
    {
        // Group a: 4 people, labels 1,1,0,0, predictions 1,0,1,0. Group b: labels 1,1,0, predictions 1,1,1.
        long[] labels = [1, 1, 0, 0, 1, 1, 0];
        long[] predictions = [1, 0, 1, 0, 1, 1, 1];
        string[] groups = ["a", "a", "a", "a", "b", "b", "b"];
        var rates = GroupFairness.ByGroup(labels, predictions, groups);
        var a = rates.Single(r => r.Group == "a");
        var b = rates.Single(r => r.Group == "b");
        Assert.Equal(0.5, a.SelectionRate);
        Assert.Equal(0.5, a.TruePositiveRate);
        Assert.Equal(0.5, a.FalsePositiveRate);
        Assert.Equal(1.0, b.SelectionRate);
        Assert.Equal(1.0, b.TruePositiveRate);
        Assert.Equal(2.0 / 3, b.BaseRate, 1e-12);
        Assert.Equal(-0.5, GroupFairness.DemographicParityDifference(a, b));
        Assert.Equal(-0.5, GroupFairness.EqualOpportunityDifference(a, b));
        Assert.Throws<ArgumentException>(() => GroupFairness.ByGroup([2], [1], ["a"]));
        Assert.Throws<ArgumentException>(() => GroupFairness.ByGroup([1, 0], [1], ["a", "b"]));
    }
}
