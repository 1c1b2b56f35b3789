using System.Diagnostics;
using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Training;

/// <summary>
/// A small trainer for any TorchSharp model with one input and one output: it runs the training loop
/// of chapter 06 ("The training pipeline") over in-memory tensors — zero the gradients, forward, loss,
/// backward, step — for a number of epochs, measures loss and accuracy on the training and test sets
/// after each, shows live progress, and evaluates. Any loss (<c>nn.CrossEntropyLoss</c>, <c>nn.MSELoss</c>, …)
/// and any optimizer work. Taught in chapter 06.
/// </summary>
/// <remarks>
/// Every step runs inside its own <c>torch.NewDisposeScope()</c>, so the batch, the activations and the
/// loss are freed when the step ends and memory stays flat however long training runs. With the same
/// seed (and a model built after the same <c>torch.manual_seed</c>), two runs give identical numbers.
/// <para>
/// <b>Interrupt.</b> When the student interrupts the cell (the front end's Interrupt button), training stops between two
/// steps and <c>Fit</c> returns normally: the board shows "interrupted", the cell's output says at which epoch, the
/// returned <see cref="TrainingHistory"/> holds the finished epochs and the model keeps every step taken, so
/// <c>var history = trainer.Fit(…)</c> still gives the next lines and cells a history and a model to use. The interrupt
/// is taken back (<see cref="Notebook.TryResumeAfterInterrupt"/>): the rest of the cell runs on and a second Interrupt
/// stops it. A stop that cannot be taken back (a cell time-out in <c>course run</c>, Ctrl+C, a host that only gives a
/// <see cref="Notebook.Cancellation"/> token) still throws <see cref="OperationCanceledException"/>, so an unfinished
/// run never looks finished.
/// </para>
/// </remarks>
public sealed class Trainer
{
    private readonly nn.Module<Tensor, Tensor> model;
    private readonly optim.Optimizer optimizer;
    private readonly nn.Module<Tensor, Tensor, Tensor> lossFn;
    private CorrectCounter? fitCounter;

    /// <summary>A trainer for <paramref name="model"/>.</summary>
    /// <param name="model">The model; its weights must already be on <see cref="Devices.Default"/>.</param>
    /// <param name="optimizer">An optimizer made over the model's parameters, e.g. <c>optim.Adam(model.parameters())</c>.</param>
    /// <param name="lossFn">The loss, with its default mean reduction, e.g. <c>nn.CrossEntropyLoss()</c>.</param>
    public Trainer(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> lossFn)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        this.optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
        this.lossFn = lossFn ?? throw new ArgumentNullException(nameof(lossFn));
        // Epoch means are batch means weighted by batch size, which is right only for a mean reduction.
        if (lossFn is Loss<Tensor, Tensor, Tensor> loss && loss.reduction != nn.Reduction.Mean)
            throw new ArgumentException(
                $"The loss uses reduction '{loss.reduction}', but the trainer averages per-batch mean losses. Create the loss with its default reduction (mean).",
                nameof(lossFn));
    }

    /// <summary>Every epoch this trainer has run; further calls to Fit continue it.</summary>
    public TrainingHistory History { get; } = new();

    /// <summary>The model being trained.</summary>
    public nn.Module<Tensor, Tensor> Model => model;

    /// <summary>
    /// Trains <paramref name="model"/> in one call; see <see cref="Fit(Tensor, Tensor, Tensor?, Tensor?, int, int, int, TrainingOptions?)"/>.
    /// Taught in chapter 06.
    /// </summary>
    public static TrainingHistory Fit(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, nn.Module<Tensor, Tensor, Tensor> lossFn,
        Tensor trainX, Tensor trainY, Tensor? testX = null, Tensor? testY = null,
        int epochs = 5, int batchSize = 32, int seed = Course.DefaultSeed, TrainingOptions? options = null) =>
        new Trainer(model, optimizer, lossFn).Fit(trainX, trainY, testX, testY, epochs, batchSize, seed, options);

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs of mini-batches in a shuffled order, evaluating on the
    /// test set (when given) after each epoch, and returns the history. Taught in chapter 06.
    /// </summary>
    /// <param name="trainX">Training inputs, one example per row: [N, …].</param>
    /// <param name="trainY">Training targets: class indices [N] for a classifier, values [N, …] for a regression.</param>
    /// <param name="testX">Held-out inputs, or null.</param>
    /// <param name="testY">Held-out targets, or null.</param>
    /// <param name="epochs">Passes over the training set.</param>
    /// <param name="batchSize">Examples per step; the last batch of an epoch may be smaller.</param>
    /// <param name="seed">Seeds the shuffling order. The initial weights come from TorchSharp's global
    /// generator when the model is built: call <c>Course.Setup(seed)</c> or <c>torch.manual_seed</c> first.</param>
    /// <param name="options">Progress display, accuracy and less common settings.</param>
    /// <returns>The history; after an Interrupt, the epochs finished so far (see the remarks on <see cref="Trainer"/>).</returns>
    /// <exception cref="OperationCanceledException">The host stopped the cell for good (a time-out, Ctrl+C); <see cref="History"/> keeps the finished epochs.</exception>
    public TrainingHistory Fit(Tensor trainX, Tensor trainY, Tensor? testX = null, Tensor? testY = null,
        int epochs = 5, int batchSize = 32, int seed = Course.DefaultSeed, TrainingOptions? options = null)
    {
        if ((testX is null) != (testY is null))
            throw new ArgumentException("Give both testX and testY, or neither.", testX is null ? nameof(testX) : nameof(testY));
        if (testX is not null) CheckData(testX, testY!, "testX", "testY");
        return Run(trainX, trainY, testX, testY, validating: false, epochs, batchSize, seed, options);
    }

    /// <summary>
    /// Trains for <paramref name="epochs"/> epochs and measures the loss and accuracy on a
    /// <paramref name="validation"/> set after each one: data carved from the training set (for example with
    /// <see cref="Data.HoldOut.Carve"/>) on which to choose the epoch count and other settings, so the test set can
    /// be used once, at the end, with <see cref="Evaluate"/>. Taught in chapter 06.
    /// </summary>
    /// <param name="trainX">Training inputs, one example per row: [N, …].</param>
    /// <param name="trainY">Training targets.</param>
    /// <param name="validation">Validation inputs and targets, disjoint from the training examples.</param>
    /// <param name="epochs">Passes over the training set.</param>
    /// <param name="batchSize">Examples per step.</param>
    /// <param name="seed">Seeds the shuffling order.</param>
    /// <param name="options">Progress display, accuracy and less common settings.</param>
    public TrainingHistory Fit(Tensor trainX, Tensor trainY, (Tensor X, Tensor Y) validation,
        int epochs = 5, int batchSize = 32, int seed = Course.DefaultSeed, TrainingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(validation.X, "validation.X");
        ArgumentNullException.ThrowIfNull(validation.Y, "validation.Y");
        CheckData(validation.X, validation.Y, "validation.X", "validation.Y");
        return Run(trainX, trainY, validation.X, validation.Y, validating: true, epochs, batchSize, seed, options);
    }

    private TrainingHistory Run(Tensor trainX, Tensor trainY, Tensor? heldX, Tensor? heldY, bool validating,
        int epochs, int batchSize, int seed, TrainingOptions? options)
    {
        options ??= TrainingOptions.Default;
        CheckData(trainX, trainY, "trainX", "trainY");
        var (testX, testY) = (heldX, heldY);
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "Train for at least one epoch.");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one example.");
        if (options.EvaluationBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(options), options.EvaluationBatchSize, "EvaluationBatchSize must be at least 1.");
        var device = CheckModelDevice();
        fitCounter = options.CountCorrect;

        var steps = (int)((trainX.shape[0] + batchSize - 1) / batchSize);
        var board = new TrainingBoard(options.Title, History.Epochs, epochs, steps, testX is not null);
        var view = ProgressView.Create(options.Progress, options.Terminal);
        var wasTraining = model.training;
        using var generator = new Generator((ulong)seed, torch.CPU);
        var interrupted = false;
        try
        {
            view.Run(board, () =>
            {
                try
                {
                    for (var epoch = 0; epoch < epochs; epoch++)
                    {
                        board.Epoch = board.FirstEpoch + epoch;
                        board.Step = 0;
                        using var batches = options.Shuffle
                            ? EpochBatches.Shuffled(trainX, trainY, batchSize, generator, device)
                            : EpochBatches.InOrder(trainX, trainY, batchSize, device);
                        var (loss, accuracy, seconds) = TrainEpoch(batches, board, view, options, device);
                        var test = testX is null ? null : Measure(testX, testY!, options.EvaluationBatchSize, options.CountCorrect, device, keepPredictions: false, labels: null);
                        History.Add(validating
                            ? new EpochRecord(board.Epoch, loss, accuracy, null, null, seconds, batches.Samples)
                            {
                                ValidationLoss = test?.MeanLoss,
                                ValidationAccuracy = test?.Accuracy,
                            }
                            : new EpochRecord(board.Epoch, loss, accuracy, test?.MeanLoss, test?.Accuracy, seconds, batches.Samples));
                        view.Update(board, Redraw.EpochEnded);
                    }
                    board.Status = TrainingStatus.Finished;
                }
                catch (OperationCanceledException) when (Notebook.CanResumeAfterInterrupt)
                {
                    // The student pressed Interrupt: stop here and hand back what training has made so far.
                    board.Status = TrainingStatus.Interrupted;
                    interrupted = true;
                }
                catch (OperationCanceledException)
                {
                    board.Status = TrainingStatus.Interrupted;
                    throw;
                }
                catch
                {
                    board.Status = TrainingStatus.Failed;
                    throw;
                }
            });
        }
        finally
        {
            model.train(wasTraining);
        }
        if (interrupted)
        {
            // A time-out may have come after the interrupt: then the cell stops after all.
            if (!Notebook.TryResumeAfterInterrupt()) throw new OperationCanceledException(Notebook.Cancellation);
            Console.WriteLine(InterruptedMessage(board));
        }
        return History;
    }

    private string InterruptedMessage(TrainingBoard board)
    {
        var partial = board.Step > 0 && board.Step < board.StepsPerEpoch
            ? $", with the {board.Step:N0} step(s) of epoch {board.Epoch} it took"
            : "";
        return $"Training was interrupted at epoch {board.Epoch} of {board.LastEpoch}: Fit returned the history so far " +
            $"({History.Count} finished epoch(s)) and the model as it is{partial}. The rest of the cell runs on; Interrupt again to stop it.";
    }

    /// <summary>
    /// The model's mean loss on (<paramref name="x"/>, <paramref name="y"/>), and for a classifier its
    /// accuracy, predictions and confusion matrix. Runs in evaluation mode without gradients, in data
    /// order. Step 7 of the pipeline, taught in chapter 06.
    /// </summary>
    /// <param name="x">Inputs [N, …].</param>
    /// <param name="y">Targets [N] (class indices) or [N, …].</param>
    /// <param name="batchSize">Examples per forward pass.</param>
    /// <param name="labels">Class names for the confusion matrix (default "0", "1", …).</param>
    /// <param name="countCorrect">How to count correct predictions (default: the one the last Fit used, else
    /// argmax for class-index targets).</param>
    public Evaluation Evaluate(Tensor x, Tensor y, int batchSize = 1000, IReadOnlyList<string>? labels = null, CorrectCounter? countCorrect = null)
    {
        CheckData(x, y, "x", "y");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch holds at least one example.");
        return Measure(x, y, batchSize, countCorrect ?? fitCounter, CheckModelDevice(), keepPredictions: true, labels);
    }

    private (double Loss, double? Accuracy, double Seconds) TrainEpoch(EpochBatches batches, TrainingBoard board, ProgressView view,
        TrainingOptions options, Device device)
    {
        model.train();
        using var metrics = new RunningMetrics(device, options.AccumulateOnDevice);
        var counter = options.CountCorrect;
        var counterChosen = counter is not null;
        var interval = options.ProgressInterval;
        var clock = Stopwatch.StartNew();
        var lastDraw = TimeSpan.Zero;

        for (var step = 0; step < batches.Steps; step++)
        {
            Notebook.ThrowIfCancelled();
            using var scope = torch.NewDisposeScope();
            var (x, y) = batches.Take(step);

            optimizer.zero_grad();
            var output = model.forward(x);
            var loss = lossFn.forward(output, y);
            loss.backward();
            optimizer.step();

            if (!counterChosen)
            {
                counter = Correct.For(output, y);
                counterChosen = true;
            }
            metrics.Add(loss, counter?.Invoke(output, y), x.shape[0]);
            board.Step = step + 1;

            if (clock.Elapsed - lastDraw >= interval)
            {
                lastDraw = clock.Elapsed;
                (board.Loss, board.Accuracy) = metrics.Read();
                view.Update(board, Redraw.Steps);
            }
        }
        var seconds = clock.Elapsed.TotalSeconds;
        var (meanLoss, accuracy) = metrics.Read();
        board.Step = batches.Steps;
        (board.Loss, board.Accuracy) = (meanLoss, accuracy);
        return (meanLoss, accuracy, seconds);
    }

    private Evaluation Measure(Tensor x, Tensor y, int batchSize, CorrectCounter? counter, Device device, bool keepPredictions, IReadOnlyList<string>? labels)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var batches = EpochBatches.InOrder(x, y, batchSize, device);
            var n = batches.Samples;
            // Class predictions are kept when the targets are class indices and no other counter was asked for.
            var byClass = counter is null && Correct.IsClassIndices(y);
            var predictions = byClass && keepPredictions ? new long[n] : null;
            var targets = byClass && keepPredictions ? new long[n] : null;
            double lossSum = 0;
            long correct = 0;
            var classes = 0;
            var anyCorrect = false;
            for (var step = 0; step < batches.Steps; step++)
            {
                Notebook.ThrowIfCancelled();
                using var scope = torch.NewDisposeScope();
                var (xb, yb) = batches.Take(step);
                var output = model.forward(xb);
                var loss = lossFn.forward(output, yb);
                var count = xb.shape[0];
                // One read per batch of EvaluationBatchSize examples: cheap on any device.
                lossSum += loss.item<float>() * (double)count;
                var chosen = counter ?? (byClass ? Correct.For(output, yb) : null);
                if (chosen is null) continue;
                anyCorrect = true;
                if (predictions is not null)
                {
                    classes = (int)output.shape[1];
                    var start = (int)batches.Start(step);
                    var predicted = output.argmax(1);
                    Array.Copy(predicted.cpu().data<long>().ToArray(), 0, predictions, start, count);
                    Array.Copy(yb.to(int64).cpu().data<long>().ToArray(), 0, targets!, start, count);
                    correct += predicted.eq(yb).sum().item<long>();
                }
                else
                {
                    correct += chosen(output, yb).item<long>();
                }
            }
            var confusion = predictions is not null && anyCorrect
                ? ConfusionMatrix.From(targets!, predictions, labels?.Count ?? classes, labels)
                : null;
            return new Evaluation(n, lossSum / n, anyCorrect ? correct : null,
                anyCorrect ? predictions : null, anyCorrect ? targets : null, confusion);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private Device CheckModelDevice()
    {
        var device = Devices.Default;
        var first = model.parameters().FirstOrDefault();
        if (first is not null && !DeviceCheck.IsOn(first, device))
            throw new InvalidOperationException(
                $"The model's weights are on {first.device} but the course trains on {device}: call model.to(Devices.Default) before creating its optimizer.");
        return device;
    }

    private void CheckData(Tensor x, Tensor y, string xName, string yName)
    {
        ArgumentNullException.ThrowIfNull(x, xName);
        ArgumentNullException.ThrowIfNull(y, yName);
        if (x.dim() == 0 || y.dim() == 0)
            throw new ArgumentException($"{xName} and {yName} need one row per example; got shapes [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}].", x.dim() == 0 ? xName : yName);
        if (x.shape[0] != y.shape[0])
            throw new ArgumentException($"{xName} has {x.shape[0]:N0} examples but {yName} has {y.shape[0]:N0}: they need one target per example.", yName);
        if (x.shape[0] == 0)
            throw new ArgumentException($"{xName} has no examples.", xName);
        // libtorch's own message for this ("expected scalar type Long but found Int") names no fix.
        if (lossFn is TorchSharp.Modules.CrossEntropyLoss or TorchSharp.Modules.NLLLoss && y.dtype != int64 && !y.is_floating_point())
            throw new ArgumentException(
                $"{yName} holds {y.dtype} class indices, but {lossFn.GetType().Name} needs Int64: convert them with {yName}.to(int64).", yName);
        var weights = model.parameters().FirstOrDefault();
        if (weights is not null && x.is_floating_point() && x.dtype != weights.dtype)
            throw new ArgumentException(
                $"{xName} holds {x.dtype} but the model's weights are {weights.dtype}: convert the data with {xName}.to({weights.dtype.ToString().ToLowerInvariant()}).", xName);
    }
}
