using LargeModelsCourse.Data;
using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

/// <summary>
/// Chapter 06's method: a validation set carved from the training data, measured by the trainer after every epoch,
/// and the test set left for one evaluation at the end.
/// </summary>
public class ValidationTests
{
    private static readonly TrainingOptions Quiet = new() { Progress = TrainingProgress.None };

    [Fact]
    public void Fit_with_validation_records_validation_numbers_and_no_test_numbers()
    {
        var (trainX, trainY) = TrainingFixtures.Blobs(100, seed: 1);
        var (validX, validY) = TrainingFixtures.Blobs(30, seed: 2);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
        var history = trainer.Fit(trainX, trainY, validation: (validX, validY), epochs: 4, batchSize: 16, options: Quiet);

        Assert.All(history.Epochs, e => Assert.Null(e.TestLoss));
        Assert.All(history.Epochs, e => Assert.NotNull(e.ValidationLoss));
        Assert.All(history.TestLosses, l => Assert.True(double.IsNaN(l)));
        // The recorded validation numbers are what an evaluation of the final model on the validation set gives.
        var final = trainer.Evaluate(validX, validY);
        Assert.Equal(final.MeanLoss, history.Last.ValidationLoss!.Value, 6);
        Assert.Equal(final.Accuracy!.Value, history.Last.ValidationAccuracy!.Value, 12);
        Assert.Equal(history.Epochs.MinBy(e => e.ValidationLoss)!.Epoch, history.BestByValidation.Epoch);
        Assert.Contains("valid loss", history.ToString(), StringComparison.Ordinal);
        var traces = LargeModelsCourse.Display.PlotlyOutput.FigureJson(history.Chart())["data"]!.AsArray().Select(t => t!["name"]?.ToString()).ToList();
        Assert.Contains("validation loss", traces);
        Assert.DoesNotContain("test loss", traces);
    }

    [Fact]
    public void Validation_and_test_runs_train_identically()
    {
        var (trainX, trainY) = TrainingFixtures.Blobs(60, seed: 1);
        var (heldX, heldY) = TrainingFixtures.Blobs(20, seed: 2);
        TrainingHistory Run(bool validation)
        {
            var model = TrainingFixtures.Mlp(0);
            var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
            return validation
                ? trainer.Fit(trainX, trainY, validation: (heldX, heldY), epochs: 2, batchSize: 16, options: Quiet)
                : trainer.Fit(trainX, trainY, heldX, heldY, epochs: 2, batchSize: 16, options: Quiet);
        }
        var asValidation = Run(true);
        var asTest = Run(false);
        Assert.Equal(asTest.TrainLosses, asValidation.TrainLosses);
        Assert.Equal(asTest.TestLosses, asValidation.ValidationLosses);
    }

    [Fact]
    public void Best_by_validation_without_a_validation_set_says_what_to_do()
    {
        var (x, y) = TrainingFixtures.Blobs(20, seed: 1);
        var model = TrainingFixtures.Mlp(0);
        var history = Trainer.Fit(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss(), x, y, epochs: 1, options: Quiet);
        var error = Assert.Throws<InvalidOperationException>(() => history.BestByValidation);
        Assert.Contains("validation:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Carve_splits_into_disjoint_parts_the_same_way_for_the_same_seed()
    {
        // Each image holds its own index, so the parts can be traced back to the original rows.
        const int Count = 50;
        using var split = new DataSplit(torch.arange(Count, dtype: float32).reshape(Count, 1, 1, 1), torch.arange(Count) % 10);
        var (train, valid) = split.Carve(10, seed: 3);
        var (train2, valid2) = split.Carve(10, seed: 3);
        var (_, otherValid) = split.Carve(10, seed: 4);
        long[] Rows(DataSplit part) => part.Images.flatten().to(int64).data<long>().ToArray();
        Assert.Equal(40, train.Count);
        Assert.Equal(10, valid.Count);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), Rows(train).Concat(Rows(valid)).Order());
        Assert.Equal(Rows(valid), Rows(valid2));
        Assert.Equal(Rows(train), Rows(train2));
        Assert.NotEqual(Rows(valid), Rows(otherValid));
        // Labels travel with their images.
        Assert.Equal(Rows(valid).Select(i => i % 10), valid.Labels.data<long>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => split.Carve(Count));
        Assert.Throws<ArgumentOutOfRangeException>(() => split.Carve(0));
    }
}
