using LargeModelsCourse.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Training;

/// <summary>
/// Chapter 06's MLP 784-64-64-10 for the chapters that build on it: loads the weights chapter 06 saves, or, when
/// there is no saved copy, trains the model with chapter 06's recipe and saves it, so a later chapter does not pay
/// for the same training twice. Taught in chapter 06.
/// </summary>
public static class Chapter06Mlp
{
    /// <summary>Chapter 06's recipe: the seed of the initial weights and of the shuffling.</summary>
    public const int Seed = 0;

    /// <summary>Chapter 06's recipe: passes over the training images.</summary>
    public const int Epochs = 5;

    /// <summary>Chapter 06's recipe: examples per step.</summary>
    public const int BatchSize = 32;

    /// <summary>Chapter 06's recipe: Adam's learning rate.</summary>
    public const double LearningRate = 1e-3;

    /// <summary>Where chapter 06 saves its trained model: <c>largemodelscourse/06-mlp-mnist.dat</c> in the temporary folder.</summary>
    public static string DefaultPath => Path.Combine(Path.GetTempPath(), "largemodelscourse", "06-mlp-mnist.dat");

    /// <summary>
    /// A fresh, untrained MLP 784-64-64-10 with chapter 06's layer names (flatten, hidden1, relu1, hidden2, relu2,
    /// output), so a saved state loads into it. Its initial weights come from TorchSharp's global generator.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Build() => nn.Sequential(
        ("flatten", nn.Flatten()),
        ("hidden1", nn.Linear(784, 64)), ("relu1", nn.ReLU()),
        ("hidden2", nn.Linear(64, 64)), ("relu2", nn.ReLU()),
        ("output", nn.Linear(64, 10)));

    /// <summary>Loads chapter 06's model from <paramref name="path"/>, or trains it on MNIST's training images and saves it there.</summary>
    public static Chapter06Model LoadOrTrain(Dataset mnist, string? path = null, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mnist);
        return LoadOrTrain(mnist.Train.Images, mnist.Train.Labels, path, options);
    }

    /// <summary>
    /// Loads chapter 06's model from <paramref name="path"/> (default <see cref="DefaultPath"/>) when the file is
    /// there and holds this architecture's weights; otherwise trains it on (<paramref name="trainX"/>,
    /// <paramref name="trainY"/>) with chapter 06's recipe (seed 0, Adam 1e-3, batch 32, 5 epochs) and saves it
    /// there atomically (a temporary file, then a rename), so an interrupted save never leaves half a model behind.
    /// </summary>
    /// <param name="trainX">Training images [N, 1, 28, 28] or rows [N, 784].</param>
    /// <param name="trainY">Class indices [N].</param>
    /// <param name="path">The saved model's file.</param>
    /// <param name="options">Progress display for the training, when it happens.</param>
    public static Chapter06Model LoadOrTrain(Tensor trainX, Tensor trainY, string? path = null, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(trainX);
        ArgumentNullException.ThrowIfNull(trainY);
        path = Path.GetFullPath(path ?? DefaultPath);
        string why;
        if (File.Exists(path))
        {
            var loaded = Build();
            try
            {
                loaded.load(path);
                loaded.eval();
                return new Chapter06Model(loaded, Loaded: true, path, $"Loaded the model chapter 06 saved in {path}.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A file from an older or different model: this one is only a cache, so train afresh and replace it.
                loaded.Dispose();
                why = $"{path} does not hold this model's weights ({e.Message.Split('\n')[0]})";
            }
        }
        else
        {
            why = $"no saved copy at {path} (run chapter 06 to create it)";
        }

        Course.Seed(Seed);
        var model = Build();
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: LearningRate), nn.CrossEntropyLoss());
        trainer.Fit(trainX, trainY, epochs: Epochs, batchSize: BatchSize, seed: Seed,
            options: options ?? new TrainingOptions { Title = "The chapter 06 model, trained here" });
        model.eval();
        Save(model, path);
        return new Chapter06Model(model, Loaded: false, path, $"Trained with chapter 06's recipe, because there was {why}; saved to {path}.");
    }

    private static void Save(nn.Module<Tensor, Tensor> model, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            model.save(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }
}

/// <summary>
/// Chapter 06's trained MLP as <see cref="Chapter06Mlp.LoadOrTrain(Tensor, Tensor, string?, TrainingOptions?)"/>
/// found it: the model (in evaluation mode), whether it was loaded or trained here, the file, and a sentence that
/// says which. Taught in chapter 06.
/// </summary>
public sealed record Chapter06Model(nn.Module<Tensor, Tensor> Model, bool Loaded, string Path, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
