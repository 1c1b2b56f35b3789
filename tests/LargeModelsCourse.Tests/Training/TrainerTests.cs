using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

// Its models draw their weights from libtorch's process-wide generator: a chapter running in parallel in this process
// would draw between the seed and the model and make two "identical" trainings differ.
[Collection(SerialCollection.Name)]
public class TrainerTests
{
    private static readonly TrainingOptions Quiet = new() { Progress = TrainingProgress.None };

    private static TrainingHistory Train(int modelSeed, int shuffleSeed, int epochs = 3)
    {
        var (trainX, trainY) = TrainingFixtures.Blobs(100, seed: 1);
        var (testX, testY) = TrainingFixtures.Blobs(50, seed: 2);
        var model = TrainingFixtures.Mlp(modelSeed);
        var optimizer = optim.Adam(model.parameters(), lr: 0.01);
        return Trainer.Fit(model, optimizer, nn.CrossEntropyLoss(), trainX, trainY, testX, testY,
            epochs: epochs, batchSize: 16, seed: shuffleSeed, options: Quiet);
    }

    [Fact]
    public void Same_seed_gives_identical_history()
    {
        var first = Train(modelSeed: 0, shuffleSeed: 0);
        var second = Train(modelSeed: 0, shuffleSeed: 0);
        Assert.Equal(3, first.Count);
        Assert.Equal(first.TrainLosses, second.TrainLosses);
        Assert.Equal(first.TestLosses, second.TestLosses);
        Assert.Equal(first.TrainAccuracies, second.TrainAccuracies);
        Assert.Equal(first.TestAccuracies, second.TestAccuracies);
    }

    [Fact]
    public void On_device_sums_give_the_same_numbers_as_reading_each_step()
    {
        var (x, y) = TrainingFixtures.Blobs(50, seed: 1);
        TrainingHistory Run(bool onDevice)
        {
            var model = TrainingFixtures.Mlp(0);
            return Trainer.Fit(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss(), x, y,
                epochs: 2, batchSize: 16, options: Quiet with { AccumulateOnDevice = onDevice });
        }
        var read = Run(onDevice: false);
        var summed = Run(onDevice: true);
        Assert.Equal(read.TrainLosses, summed.TrainLosses);
        Assert.Equal(read.TrainAccuracies, summed.TrainAccuracies);
    }

    [Fact]
    public void Different_seed_gives_different_history()
    {
        var baseline = Train(modelSeed: 0, shuffleSeed: 0);
        var otherShuffle = Train(modelSeed: 0, shuffleSeed: 1);
        var otherWeights = Train(modelSeed: 1, shuffleSeed: 0);
        Assert.NotEqual(baseline.TrainLosses, otherShuffle.TrainLosses);
        Assert.NotEqual(baseline.TrainLosses, otherWeights.TrainLosses);
    }

    [Fact]
    public void A_small_mlp_learns_separable_blobs()
    {
        var history = Train(modelSeed: 0, shuffleSeed: 0, epochs: 5);
        Assert.True(history.Last.TestAccuracy > 0.95, $"test accuracy {history.Last.TestAccuracy}");
        Assert.True(history.Last.TrainLoss < history.Epochs[0].TrainLoss / 2, string.Join(", ", history.TrainLosses));
        Assert.All(history.Epochs, e => Assert.Equal(300, e.Samples));
        Assert.Equal([1, 2, 3, 4, 5], history.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void Works_with_mse_loss_and_sgd_and_reports_no_accuracy()
    {
        // A regression: y = 3x - 1 plus a little noise; a single linear unit must find it.
        using var generator = new Generator(5);
        var x = torch.rand(new long[] { 256, 1 }, generator: generator) * 2 - 1;
        var y = 3 * x - 1 + 0.01f * torch.randn(new long[] { 256, 1 }, generator: generator);
        torch.manual_seed(0);
        var model = nn.Linear(1, 1);
        var trainer = new Trainer(model, optim.SGD(model.parameters(), learningRate: 0.1), nn.MSELoss());
        var history = trainer.Fit(x, y, x, y, epochs: 20, batchSize: 32, options: Quiet);
        Assert.Null(history.Last.TrainAccuracy);
        Assert.Null(history.Last.TestAccuracy);
        Assert.True(history.Last.TestLoss < 1e-3, $"test loss {history.Last.TestLoss}");
        var weight = model.weight!.item<float>();
        Assert.InRange(weight, 2.95f, 3.05f);
        var evaluation = trainer.Evaluate(x, y);
        Assert.Null(evaluation.Accuracy);
        Assert.Null(evaluation.Confusion);
        Assert.Equal(history.Last.TestLoss!.Value, evaluation.MeanLoss, 6);
    }

    [Fact]
    public void A_binary_classifier_counts_correct_above_a_threshold()
    {
        // Two of the blobs (west = 0, east = 1) and a logistic regression on raw logits.
        var (x, y) = TrainingFixtures.Blobs(100, seed: 1);
        var twoClasses = y.lt(2);
        var (bx, by) = (x[twoClasses], y[twoClasses].to(float32).unsqueeze(1));
        torch.manual_seed(0);
        var model = nn.Linear(2, 1);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.05), nn.BCEWithLogitsLoss());
        var history = trainer.Fit(bx, by, bx, by, epochs: 5, batchSize: 16,
            options: Quiet with { CountCorrect = Correct.AboveThreshold(0) });
        Assert.True(history.Last.TestAccuracy > 0.95, $"test accuracy {history.Last.TestAccuracy}");
        // Evaluate counts the way Fit did, and has no class predictions to tabulate.
        var evaluation = trainer.Evaluate(bx, by);
        Assert.Equal(history.Last.TestAccuracy, evaluation.Accuracy);
        Assert.Null(evaluation.Confusion);
        Assert.Null(evaluation.Predictions);
    }

    [Fact]
    public void Charting_an_empty_history_says_what_to_do()
    {
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters()), nn.CrossEntropyLoss());
        Assert.Contains("call Fit first", Assert.Throws<InvalidOperationException>(() => trainer.History.Chart()).Message);
    }

    [Fact]
    public void Fit_continues_the_history_of_the_same_trainer()
    {
        var (x, y) = TrainingFixtures.Blobs(40, seed: 1);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
        trainer.Fit(x, y, epochs: 2, batchSize: 16, options: Quiet);
        var history = trainer.Fit(x, y, epochs: 1, batchSize: 16, options: Quiet);
        Assert.Same(trainer.History, history);
        Assert.Equal([1, 2, 3], history.Epochs.Select(e => e.Epoch));
        Assert.Null(history.Last.TestLoss);
    }

    [Fact]
    public void Evaluate_reports_predictions_and_a_consistent_confusion_matrix()
    {
        var (trainX, trainY) = TrainingFixtures.Blobs(100, seed: 1);
        var (testX, testY) = TrainingFixtures.Blobs(50, seed: 2);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
        var history = trainer.Fit(trainX, trainY, testX, testY, epochs: 2, batchSize: 16, options: Quiet);
        var evaluation = trainer.Evaluate(testX, testY, batchSize: 64, labels: ["west", "east", "north"]);

        Assert.Equal(150, evaluation.Count);
        Assert.Equal(150, evaluation.Predictions!.Length);
        Assert.Equal(testY.data<long>().ToArray(), evaluation.Targets);
        Assert.Equal(history.Last.TestAccuracy, evaluation.Accuracy);
        Assert.Equal(history.Last.TestLoss!.Value, evaluation.MeanLoss, 6);
        var confusion = evaluation.Confusion!;
        Assert.Equal(["west", "east", "north"], confusion.Labels);
        Assert.Equal(150, confusion.Total);
        Assert.Equal(evaluation.Accuracy!.Value, confusion.Accuracy, 12);
        Assert.Equal(150 - evaluation.CorrectCount, evaluation.Misclassified.Length);

        // The predictions are the argmax of the model's own outputs.
        model.eval();
        using (torch.no_grad())
            Assert.Equal(model.forward(testX).argmax(1).data<long>().ToArray(), evaluation.Predictions);
    }

    [Fact]
    public void Save_and_load_give_identical_predictions()
    {
        var (trainX, trainY) = TrainingFixtures.Blobs(100, seed: 1);
        var (testX, testY) = TrainingFixtures.Blobs(50, seed: 2);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
        trainer.Fit(trainX, trainY, epochs: 2, batchSize: 16, options: Quiet);
        var path = Path.Combine(Path.GetTempPath(), $"lmc-trainer-{Guid.NewGuid():N}.dat");
        try
        {
            model.save(path);
            var reloaded = TrainingFixtures.Mlp(seed: 123);
            reloaded.load(path);
            var before = trainer.Evaluate(testX, testY);
            var after = new Trainer(reloaded, optim.Adam(reloaded.parameters()), nn.CrossEntropyLoss()).Evaluate(testX, testY);
            Assert.Equal(before.Predictions, after.Predictions);
            Assert.Equal(before.MeanLoss, after.MeanLoss);
            model.eval();
            reloaded.eval();
            using (torch.no_grad())
                Assert.True(model.forward(testX).eq(reloaded.forward(testX)).all().item<bool>(), "the reloaded model's outputs differ");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        var (x, y) = TrainingFixtures.Blobs(10, seed: 1);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters()), nn.CrossEntropyLoss());

        var mismatch = Assert.Throws<ArgumentException>(() => trainer.Fit(x, y.narrow(0, 0, 29), options: Quiet));
        Assert.Contains("30 examples but trainY has 29", mismatch.Message);
        var dtype = Assert.Throws<ArgumentException>(() => trainer.Fit(x.to(float64), y, options: Quiet));
        Assert.Contains("Float64", dtype.Message);
        Assert.Contains("Float32", dtype.Message);
        var narrowLabels = Assert.Throws<ArgumentException>(() => trainer.Fit(x, y.to(int32), options: Quiet));
        Assert.Contains("trainY.to(int64)", narrowLabels.Message);
        var half = Assert.Throws<ArgumentException>(() => trainer.Fit(x, y, testX: x, options: Quiet));
        Assert.Contains("both testX and testY", half.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(x, y, epochs: 0, options: Quiet));
        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(x, y, batchSize: 0, options: Quiet));
        var reduction = Assert.Throws<ArgumentException>(() =>
            new Trainer(model, optim.Adam(model.parameters()), nn.CrossEntropyLoss(reduction: nn.Reduction.Sum)));
        Assert.Contains("reduction", reduction.Message);
        Assert.Equal(0, trainer.History.Count);
    }

    [Fact]
    public void Fit_restores_the_models_mode()
    {
        var (x, y) = TrainingFixtures.Blobs(20, seed: 1);
        var model = TrainingFixtures.Mlp(0);
        model.eval();
        Trainer.Fit(model, optim.Adam(model.parameters()), nn.CrossEntropyLoss(), x, y, x, y, epochs: 1, options: Quiet);
        Assert.False(model.training);
    }
}
