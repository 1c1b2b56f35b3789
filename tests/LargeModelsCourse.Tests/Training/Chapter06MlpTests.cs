using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

public sealed class Chapter06MlpTests : IDisposable
{
    private static readonly TrainingOptions Quiet = new() { Progress = TrainingProgress.None };
    private readonly string folder = Directory.CreateTempSubdirectory("ch06mlp-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    // A small stand-in for MNIST: 96 random "images" of 28×28 with labels 0–9 (synthetic), so the recipe's
    // five epochs take milliseconds.
    private static (Tensor X, Tensor Y) Images()
    {
        using var generator = new Generator(11);
        return (torch.rand(new long[] { 96, 1, 28, 28 }, generator: generator),
            torch.randint(0, 10, new long[] { 96 }, generator: generator));
    }

    private static Tensor Logits(nn.Module<Tensor, Tensor> model, Tensor x)
    {
        using var noGrad = torch.no_grad();
        model.eval();
        return model.forward(x);
    }

    [Fact]
    public void Trains_with_chapter_06s_recipe_when_nothing_is_saved_then_loads_the_same_model()
    {
        var (x, y) = Images();
        var path = Path.Combine(folder, "sub", "06-mlp-mnist.dat");

        var first = Chapter06Mlp.LoadOrTrain(x, y, path, Quiet);
        Assert.False(first.Loaded);
        Assert.Contains("Trained with chapter 06's recipe", first.Message);
        Assert.True(File.Exists(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));   // no temporary file left behind

        // The recipe, written out as chapter 06 runs it, gives the very same weights.
        Course.Seed(Chapter06Mlp.Seed);
        var byHand = Chapter06Mlp.Build();
        Trainer.Fit(byHand, optim.Adam(byHand.parameters(), lr: Chapter06Mlp.LearningRate), nn.CrossEntropyLoss(), x, y,
            epochs: Chapter06Mlp.Epochs, batchSize: Chapter06Mlp.BatchSize, seed: Chapter06Mlp.Seed, options: Quiet);
        Assert.Equal(Logits(byHand, x).data<float>().ToArray(), Logits(first.Model, x).data<float>().ToArray());

        Course.Seed(123);   // loading must not depend on the generator's state
        var second = Chapter06Mlp.LoadOrTrain(x, y, path, Quiet);
        Assert.True(second.Loaded);
        Assert.Contains("Loaded", second.Message);
        Assert.Equal(Logits(first.Model, x).data<float>().ToArray(), Logits(second.Model, x).data<float>().ToArray());
        Assert.False(second.Model.training);
    }

    [Fact]
    public void A_file_that_is_not_this_model_is_replaced_and_the_reason_said()
    {
        var (x, y) = Images();
        var path = Path.Combine(folder, "06-mlp-mnist.dat");
        File.WriteAllText(path, "not a model");

        var result = Chapter06Mlp.LoadOrTrain(x, y, path, Quiet);
        Assert.False(result.Loaded);
        Assert.Contains("does not hold this model's weights", result.Message);
        Assert.True(Chapter06Mlp.LoadOrTrain(x, y, path, Quiet).Loaded);
    }

    [Fact]
    public void The_default_path_is_where_chapter_06_saves()
    {
        Assert.Equal(Path.Combine(Path.GetTempPath(), "largemodelscourse", "06-mlp-mnist.dat"), Chapter06Mlp.DefaultPath);
        Assert.Equal(["hidden1.weight", "hidden1.bias", "hidden2.weight", "hidden2.bias", "output.weight", "output.bias"],
            Chapter06Mlp.Build().named_parameters().Select(p => p.name));
    }
}
