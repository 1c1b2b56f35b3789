using LargeModelsCourse.Display;
using LargeModelsCourse.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

public sealed class CancellationTests : IDisposable
{
    private readonly NotebookState state = new();

    public void Dispose() => state.Dispose();

    [Fact]
    public void An_interrupt_stops_training_between_steps_and_keeps_finished_epochs()
    {
        using var interrupt = new CancellationTokenSource();
        Notebook.Cancellation = interrupt.Token;
        // The first update is the end of epoch 1 (the interval is never reached): interrupt there,
        // so the next step's check stops training before epoch 2 takes a step.
        var sink = new RecordingSink { OnUpdate = n => { if (n == 1) interrupt.Cancel(); } };
        Notebook.Sink = sink;
        var (x, y) = TrainingFixtures.Blobs(20, seed: 1);
        var model = TrainingFixtures.Mlp(0);
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(x, y, epochs: 5, batchSize: 16, options: new() { ProgressInterval = TimeSpan.FromHours(1) }));

        Assert.Equal(1, trainer.History.Count);
        var final = sink.Calls[^1].Bundle.Text;
        Assert.Contains("interrupted during epoch 2, step 0", final);
        Assert.True(model.training, "the model's mode is restored");
    }

    [Fact]
    public void A_cancelled_cell_takes_no_step()
    {
        using var interrupt = new CancellationTokenSource();
        interrupt.Cancel();
        Notebook.Cancellation = interrupt.Token;
        var (x, y) = TrainingFixtures.Blobs(20, seed: 1);
        var model = TrainingFixtures.Mlp(0);
        var weightsBefore = model.parameters().Select(p => p.detach().clone()).ToList();
        var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            trainer.Fit(x, y, epochs: 1, options: new() { Progress = TrainingProgress.None }));
        Assert.ThrowsAny<OperationCanceledException>(() => trainer.Evaluate(x, y));

        Assert.Equal(0, trainer.History.Count);
        Assert.All(model.parameters().Zip(weightsBefore), p => Assert.True(p.First.eq(p.Second).all().item<bool>()));
    }
}
