using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Training;
using Spectre.Console;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>
/// Times one epoch of each workload through each loop, repeatedly, in one process: JSON lines on
/// standard output (the same fields as the PyTorch reference's), a table and progress on standard error.
/// </summary>
internal sealed class BenchRunner(BenchSettings settings, TextWriter json, IAnsiConsole terminal)
{
    private readonly List<BenchSummary> summaries = [];

    /// <summary>Every loop's summary after <see cref="Run"/>.</summary>
    public IReadOnlyList<BenchSummary> Summaries => summaries;

    /// <summary>Runs the benchmark.</summary>
    public void Run(IEnumerable<string> argv, CancellationToken cancellation)
    {
        // Inter-op threads can only be set before libtorch starts any parallel work.
        if (settings.InteropThreads is { } interop) torch.set_num_interop_threads(interop);
        if (settings.Threads is { } threads) torch.set_num_threads(threads);
        Emit(BenchEnvironment.Describe(argv, settings));
        if (settings.Quick) terminal.MarkupLine("[yellow]--quick: a smoke run on a tenth of the images. Its times are not measurements.[/]");

        foreach (var workload in BenchWorkload.All.Where(w => settings.Only is null || w.Short == settings.Only))
            RunWorkload(workload, cancellation);
    }

    private void RunWorkload(BenchWorkload workload, CancellationToken cancellation)
    {
        var images = settings.ImagesFor(workload);
        terminal.MarkupLine($"[bold]{workload.Name}[/]: {images:N0} random images [[{string.Join("×", workload.ImageShape)}]], batch {workload.BatchSize}, {workload.OptimizerText}");
        var (x, y) = workload.Data(images, settings.Seed);
        if (Devices.Default.type != DeviceType.CPU)
        {
            // Once, before timing: both loops then gather batches where the model is.
            (x, y) = (x.to(Devices.Default), y.to(Devices.Default));
        }
        using var lossFn = nn.CrossEntropyLoss();
        var loops = settings.Loops.Select(name => new LoopUnderTest(name, workload, settings.Seed)).ToList();
        try
        {
            var parameters = BenchWorkload.Parameters(loops[0].Model);
            var warmup = Math.Min(images, (long)settings.WarmupSteps * workload.BatchSize);
            if (warmup > 0)
            {
                using var wx = x.narrow(0, 0, warmup);
                using var wy = y.narrow(0, 0, warmup);
                foreach (var loop in loops) RunOnce(loop, workload, lossFn, wx, wy, settings.Seed, progress: false, cancellation);
            }
            for (var repeat = 1; repeat <= settings.Repeats; repeat++)
            {
                // Alternate the order so drift (thermal, other load) falls on every loop alike.
                var order = repeat % 2 == 1 ? loops : Enumerable.Reverse(loops).ToList();
                foreach (var loop in order)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                    var run = RunOnce(loop, workload, lossFn, x, y, settings.Seed + repeat, settings.Progress, cancellation);
                    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
                    loop.Seconds.Add(run.Seconds);
                    loop.CpuSeconds.Add(cpu);
                    Emit(new JsonObject
                    {
                        ["bench"] = workload.Name,
                        ["mode"] = "random",
                        ["loop"] = loop.Name,
                        ["repeat"] = repeat,
                        ["seconds"] = Math.Round(run.Seconds, 4),
                        ["loop_seconds"] = Math.Round(run.LoopSeconds, 4),
                        // CPU time of the whole process (all threads) over the run: less sensitive to other load
                        // than wall time, and it shows threads that spin while they wait.
                        ["cpu_seconds"] = Math.Round(cpu, 3),
                        ["images"] = images,
                        ["images_per_s"] = Math.Round(images / run.Seconds, 1),
                        ["train_loss"] = double.IsNaN(run.Loss) ? null : Math.Round(run.Loss, 5),
                        ["train_acc"] = double.IsNaN(run.Accuracy) ? null : Math.Round(run.Accuracy, 5),
                        ["batch"] = workload.BatchSize,
                        ["optimizer"] = workload.OptimizerText,
                        ["params"] = parameters,
                        ["quick"] = settings.Quick,
                    });
                    terminal.MarkupLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {loop.Name,-10} repeat {repeat}: [bold]{run.Seconds:F3} s[/] ({images / run.Seconds:N0} images/s, {cpu:F2} s CPU)"));
                }
            }
            foreach (var loop in loops)
            {
                var summary = new BenchSummary(workload.Name, loop.Name, images, loop.Seconds.ToArray(), loop.CpuSeconds.ToArray());
                summaries.Add(summary);
                Emit(summary.ToJson(settings.Quick));
            }
            if (summaries.FirstOrDefault(s => s.Bench == workload.Name && s.Loop == BenchSettings.Trainer) is { } trainer &&
                summaries.FirstOrDefault(s => s.Bench == workload.Name && s.Loop == BenchSettings.Plain) is { } plain)
                Emit(BenchSummary.Comparison(trainer, plain, settings.Quick));
        }
        finally
        {
            foreach (var loop in loops) loop.Dispose();
            x.Dispose();
            y.Dispose();
        }
    }

    private RunResult RunOnce(LoopUnderTest loop, BenchWorkload workload, nn.Module<Tensor, Tensor, Tensor> lossFn, Tensor x, Tensor y,
        int seed, bool progress, CancellationToken cancellation)
    {
        if (loop.Trainer is { } trainer)
        {
            var options = new TrainingOptions
            {
                Progress = progress ? TrainingProgress.Terminal : TrainingProgress.None,
                Terminal = terminal,
                Title = workload.Name,
                AccumulateOnDevice = loop.Name == BenchSettings.TrainerDeviceSums,
            };
            var clock = Stopwatch.StartNew();
            trainer.Fit(x, y, epochs: 1, batchSize: workload.BatchSize, seed: seed, options: options);
            var seconds = clock.Elapsed.TotalSeconds;
            var epoch = trainer.History.Last;
            return new RunResult(seconds, epoch.Seconds, epoch.TrainLoss, epoch.TrainAccuracy ?? double.NaN);
        }
        using var generator = new Generator((ulong)seed);
        var wall = Stopwatch.StartNew();
        var (loopSeconds, loss, accuracy) = PlainLoop.Epoch(loop.Model, loop.Optimizer, lossFn, x, y, workload.BatchSize, generator,
            metrics: loop.Name == BenchSettings.Plain, cancellation);
        return new RunResult(wall.Elapsed.TotalSeconds, loopSeconds, loss, accuracy);
    }

    private void Emit(JsonObject record)
    {
        json.WriteLine(record.ToJsonString());
        json.Flush();
    }

    /// <summary>Prints the closing table.</summary>
    public void WriteTable()
    {
        var table = new Spectre.Console.Table().AddColumns("bench", "loop", "epochs", "median s", "min s", "images/s (median)", "vs plain (paired median)");
        foreach (var s in summaries)
        {
            var plain = summaries.FirstOrDefault(p => p.Bench == s.Bench && p.Loop == BenchSettings.Plain);
            var overhead = plain is null || s.Loop == BenchSettings.Plain ? "" : FormatOverhead(BenchSummary.PairedMedianPercent(s, plain), s.Loop);
            table.AddRow(s.Bench, s.Loop, s.Seconds.Length.ToString(CultureInfo.InvariantCulture),
                s.Median.ToString("F3", CultureInfo.InvariantCulture), s.Min.ToString("F3", CultureInfo.InvariantCulture),
                (s.Images / s.Median).ToString("N0", CultureInfo.InvariantCulture), overhead);
        }
        terminal.Write(table);
    }

    private static string FormatOverhead(double percent, string loop)
    {
        var text = percent.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %";
        return loop == BenchSettings.Trainer && percent > BenchSettings.OverheadBudgetPercent ? $"[red]{text}[/]" : text;
    }

    private sealed record RunResult(double Seconds, double LoopSeconds, double Loss, double Accuracy);

    /// <summary>One loop's model, optimizer and (for the trainer) trainer, built from the same seed as the others.</summary>
    private sealed class LoopUnderTest : IDisposable
    {
        public LoopUnderTest(string name, BenchWorkload workload, int seed)
        {
            Name = name;
            torch.manual_seed(seed);
            Model = workload.CreateModel();
            Model.to(Devices.Default);
            Optimizer = workload.CreateOptimizer(Model);
            if (name is BenchSettings.Trainer or BenchSettings.TrainerDeviceSums) Trainer = new Trainer(Model, Optimizer, nn.CrossEntropyLoss());
        }

        public string Name { get; }

        public nn.Module<Tensor, Tensor> Model { get; }

        public optim.Optimizer Optimizer { get; }

        public Trainer? Trainer { get; }

        public List<double> Seconds { get; } = [];

        public List<double> CpuSeconds { get; } = [];

        public void Dispose() => Model.Dispose();
    }
}
