using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Tests.Training;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// Interrupt during <c>Trainer.Fit</c>, through the cell engine every host uses: training stops, Fit returns the history
/// so far, the cell ends normally (so Roslyn keeps its variables) and the next cells use the history and the model.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class InterruptedTrainingTests : IDisposable
{
    private readonly NotebookState state = new();
    private readonly ConcurrentQueue<string> console = new();

    public void Dispose() => state.Dispose();

    private string ConsoleText => string.Concat(console);

    [Fact]
    public async Task An_interrupted_training_returns_its_history_and_the_next_cells_use_it()
    {
        // The progress board's updates come through this sink at each epoch's end: interrupt after the second.
        var twoEpochs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Notebook.Sink = new RecordingSink { OnUpdate = n => { if (n >= 2) twoEpochs.TrySetResult(); } };
        var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "interrupted-training");
        var executor = new CellExecutor(session, (_, text) => console.Enqueue(text));

        var setup = await executor.RunAsync("""
            #r "nuget: TorchSharp-cpu, 0.107.0"
            using TorchSharp;
            using static TorchSharp.torch;
            using LargeModelsCourse.Training;
            torch.manual_seed(0);
            var x = torch.randn(2000, 8);
            var y = (x.sum(1) > 0).to(int64);
            var model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2));
            var trainer = new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss());
            var before = model.parameters().First().detach().clone();
            """, waitForStop: true);
        Assert.True(setup.Status == CellStatus.Succeeded, setup.Outcome.Error?.Message);

        // Far more epochs than could finish: only the interrupt ends this cell.
        var training = executor.RunAsync("""
            var history = trainer.Fit(x, y, epochs: 100000, batchSize: 16, options: new() { ProgressInterval = TimeSpan.FromHours(1) });
            Console.WriteLine($"after Fit: {history.Count} epochs");
            """, waitForStop: true);
        var first = await Task.WhenAny(twoEpochs.Task, training, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == twoEpochs.Task, $"training did not reach two epochs: {ConsoleText} {(first == training ? (await training).Outcome.Error?.Message : "")}");
        executor.Interrupt();
        var run = await training.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(run.Status == CellStatus.Succeeded, $"{run.Status}: {run.Outcome.Error?.Message}");
        var said = Regex.Match(ConsoleText, @"Training was interrupted at epoch (\d+) of 100000: Fit returned the history so far \((\d+) finished epoch\(s\)\)");
        Assert.True(said.Success, ConsoleText);
        var finished = int.Parse(said.Groups[2].Value);
        Assert.True(finished >= 2, ConsoleText);
        Assert.Equal(finished + 1, int.Parse(said.Groups[1].Value));
        Assert.Contains($"after Fit: {finished} epochs", ConsoleText, StringComparison.Ordinal);
        Assert.Contains("interrupted during epoch", ((RecordingSink)Notebook.Sink).Calls[^1].Bundle.Text, StringComparison.Ordinal);

        // The next cell reads the returned history and evaluates the model as it was left: trained, in training mode again.
        var next = await executor.RunAsync("""
            var accuracy = trainer.Evaluate(x, y).Accuracy!.Value;
            var moved = !model.parameters().First().detach().eq(before).all().item<bool>();
            $"{history.Count} {history.Epochs[^1].TrainLoss < history.Epochs[0].TrainLoss} {moved} {model.training} {accuracy > 0.9}"
            """, waitForStop: true);
        Assert.True(next.Status == CellStatus.Succeeded, next.Outcome.Error?.Message);
        Assert.Equal($"{finished} True True True True", next.Outcome.Value);
    }

    [Fact]
    public async Task After_an_interrupted_training_a_second_interrupt_stops_the_rest_of_the_cell()
    {
        var oneEpoch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Notebook.Sink = new RecordingSink { OnUpdate = _ => oneEpoch.TrySetResult() };
        var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "interrupted-twice");
        var executor = new CellExecutor(session, (_, text) => console.Enqueue(text));

        var cell = executor.RunAsync("""
            #r "nuget: TorchSharp-cpu, 0.107.0"
            using TorchSharp;
            using static TorchSharp.torch;
            using LargeModelsCourse.Training;
            var x = torch.randn(500, 4);
            var y = (x.sum(1) > 0).to(int64);
            var model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2));
            var history = new Trainer(model, optim.SGD(model.parameters(), 0.1), nn.CrossEntropyLoss())
                .Fit(x, y, epochs: 100000, batchSize: 10, options: new() { ProgressInterval = TimeSpan.FromHours(1) });
            Console.WriteLine("spinning");
            while (true) { }
            """, waitForStop: true);
        var first = await Task.WhenAny(oneEpoch.Task, cell, Task.Delay(TimeSpan.FromMinutes(2)));
        Assert.True(first == oneEpoch.Task, $"training did not finish an epoch: {ConsoleText}");
        executor.Interrupt();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!ConsoleText.Contains("spinning", StringComparison.Ordinal) && DateTime.UtcNow < deadline && !cell.IsCompleted) await Task.Delay(50);
        Assert.Contains("Training was interrupted at epoch", ConsoleText, StringComparison.Ordinal);
        Assert.False(cell.IsCompleted, "the cell runs on after the training returned");

        executor.Interrupt();
        var run = await cell.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(CellStatus.Interrupted, run.Status);
    }
}
