using System.CommandLine;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Bench;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Hosting;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>
/// <c>course bench</c>: times a LeNet epoch on 50,000 random CIFAR-shaped images and an MLP epoch on
/// 60,000 random MNIST-shaped images, through the library's trainer and through a plain TorchSharp loop,
/// in one process, and reports the trainer's overhead. Its workloads and JSON fields match the PyTorch
/// reference (pytorch_ref.py) so the two can be compared in one sitting; see Bench/README.md.
/// </summary>
public static class BenchCommand
{
    /// <summary>Exit code when a full run finds the trainer more than the budget slower than the plain loop.</summary>
    public const int OverBudgetExitCode = 3;

    /// <summary>The command's definition. Results go to standard output as JSON lines; the table and progress to standard error.</summary>
    public static Command Create()
    {
        var repeats = new Option<int>("--repeats") { Description = "Timed epochs per loop and workload (median and minimum are reported)", DefaultValueFactory = _ => 5 };
        var only = new Option<string?>("--only") { Description = "Run one workload: lenet or mlp (default: both)" };
        only.AcceptOnlyFromAmong("lenet", "mlp");
        var quick = new Option<bool>("--quick") { Description = "Smoke run on a tenth of the images: checks the command works, measures nothing" };
        var images = new Option<long?>("--images") { Description = "Images per epoch (overrides the workload's 50,000 / 60,000 and --quick)" };
        var threads = new Option<int?>("--threads") { Description = "libtorch intra-op threads (default: libtorch's own choice; pytorch_ref.py pins 2)" };
        var interop = new Option<int?>("--interop-threads") { Description = "libtorch inter-op threads (default: libtorch's own choice)" };
        var seed = new Option<int>("--seed") { Description = "Seed for data, weights and shuffling", DefaultValueFactory = _ => 0 };
        var warmup = new Option<int>("--warmup-steps") { Description = "Untimed steps per loop before timing (JIT, allocator, optimizer state)", DefaultValueFactory = _ => 20 };
        var loops = new Option<string[]>("--loops")
        {
            Description = "Loops to time: trainer, plain (reads loss and accuracy each step, as the PyTorch reference does), plain-bare (no metrics), trainer-device-sums (the trainer summing metrics in tensors, its GPU strategy)",
            DefaultValueFactory = _ => [BenchSettings.Trainer, BenchSettings.Plain],
            AllowMultipleArgumentsPerToken = true,
        };
        loops.AcceptOnlyFromAmong([.. BenchSettings.KnownLoops]);
        var noProgress = new Option<bool>("--no-progress") { Description = "Time the trainer without its terminal progress bar" };
        var startup = new Option<bool>("--startup") { Description = "Time the kernel's start instead: ready, the setup cell, the first tensor and the first chart of a chapter, through Jupyter's protocol, a fresh kernel per repeat" };
        var pauses = new Option<double[]>("--pauses")
        {
            Description = "With --startup: seconds between the kernel being ready and the first cell (a student reading), one series each",
            DefaultValueFactory = _ => [0, 3],
            AllowMultipleArgumentsPerToken = true,
        };
        var notebook = new Option<string?>("--notebook") { Description = "With --startup: the chapter to open (default: notebooks/00-start-here.ipynb); with --rerun: the chapter whose cell is re-run (default: notebooks/06-the-training-pipeline.ipynb)" };
        var rerun = new Option<bool>("--rerun") { Description = "Time re-running one cell in one kernel instead: runs the chapter up to the cell, then the cell --repeats times, reporting seconds and the kernel's memory after each run" };
        var cell = new Option<int?>("--cell") { Description = "With --rerun: the code cell to re-run, counting code cells from 1 (default: the first that calls .Fit()" };

        var command = new Command("bench", "Time training epochs through the course's trainer and a plain TorchSharp loop (JSON lines on stdout)")
        {
            repeats, only, quick, images, threads, interop, seed, warmup, loops, noProgress, startup, pauses, notebook, rerun, cell,
        };
        command.SetAction((parse, cancellation) =>
        {
            if (parse.GetValue(rerun))
                return Task.FromResult(RunRerun(parse.GetValue(notebook) ?? Path.Combine(CoursePaths.Notebooks, "06-the-training-pipeline.ipynb"),
                    parse.GetValue(cell), parse.GetResult(repeats) is null ? 3 : parse.GetValue(repeats), cancellation));
            if (parse.GetValue(startup))
                return Task.FromResult(RunStartup(parse.GetValue(notebook) ?? Path.Combine(CoursePaths.Notebooks, "00-start-here.ipynb"),
                    parse.GetValue(pauses) ?? [0], parse.GetValue(repeats), cancellation));
            var settings = new BenchSettings(parse.GetValue(repeats), parse.GetValue(only), parse.GetValue(quick), parse.GetValue(images),
                parse.GetValue(threads), parse.GetValue(interop), parse.GetValue(seed), parse.GetValue(warmup),
                (parse.GetValue(loops) ?? []).Distinct().ToArray(), !parse.GetValue(noProgress));
            var argv = parse.Tokens.Select(t => t.Value);
            return Task.FromResult(Run(settings, argv, cancellation));
        });
        return command;
    }

    /// <summary>Runs the benchmark; returns the process exit code.</summary>
    internal static int Run(BenchSettings settings, IEnumerable<string> argv, CancellationToken cancellation)
    {
        var terminal = LargeModelsCourse.TerminalConsole.Create(Console.Error, standardError: true);
        if (Problem(settings) is { } problem)
        {
            terminal.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
            return 2;
        }
        var previous = Notebook.Cancellation;
        Notebook.Cancellation = cancellation; // Ctrl+C stops the trainer between steps, as a notebook interrupt does
        var runner = new BenchRunner(settings, Console.Out, terminal);
        try
        {
            runner.Run(argv, cancellation);
        }
        catch (OperationCanceledException)
        {
            terminal.MarkupLine("[yellow]Interrupted.[/]");
            return RunCommand.CancelledExitCode;
        }
        finally
        {
            Notebook.Cancellation = previous;
        }
        runner.WriteTable();
        var over = runner.Summaries.Where(s => s.Loop == BenchSettings.Trainer)
            .Select(t => (Trainer: t, Plain: runner.Summaries.FirstOrDefault(p => p.Bench == t.Bench && p.Loop == BenchSettings.Plain)))
            .Where(p => p.Plain is not null && BenchSummary.PairedMedianPercent(p.Trainer, p.Plain) > BenchSettings.OverheadBudgetPercent)
            .ToList();
        if (over.Count == 0) return 0;
        foreach (var (t, _) in over)
            terminal.MarkupLine($"[red]{Markup.Escape(t.Bench)}: the trainer is more than {BenchSettings.OverheadBudgetPercent} % slower than the plain loop.[/]");
        return settings.Quick ? 0 : OverBudgetExitCode;
    }

    /// <summary>Runs the start-up benchmark; returns the process exit code.</summary>
    internal static int RunStartup(string notebook, double[] pauses, int repeats, CancellationToken cancellation)
    {
        var terminal = LargeModelsCourse.TerminalConsole.Create(Console.Error, standardError: true);
        var problem = !File.Exists(notebook) ? $"{notebook} does not exist: pass a chapter with --notebook."
            : repeats < 1 ? "--repeats must be at least 1."
            : pauses.Length == 0 || pauses.Any(p => p < 0 || double.IsNaN(p)) ? "--pauses needs one or more seconds, none negative."
            : null;
        var bench = new StartupBench(Console.Out, terminal);
        return KernelBench(terminal, problem, () => bench.Measure(notebook, pauses, repeats, cancellation), bench.WriteTable);
    }

    /// <summary>Runs the re-run benchmark; returns the process exit code.</summary>
    internal static int RunRerun(string notebook, int? cell, int repeats, CancellationToken cancellation)
    {
        var terminal = LargeModelsCourse.TerminalConsole.Create(Console.Error, standardError: true);
        var problem = !File.Exists(notebook) ? $"{notebook} does not exist: pass a chapter with --notebook."
            : repeats < 1 ? "--repeats must be at least 1."
            : cell is < 1 ? "--cell counts code cells from 1."
            : null;
        var bench = new RerunBench(Console.Out, terminal);
        return KernelBench(terminal, problem,
            () => bench.Measure(notebook, cell ?? RerunBench.DefaultCell(Notebooks.NotebookDocument.Load(notebook)), repeats, cancellation),
            bench.WriteTable);
    }

    // What the kernel benchmarks share: refuse bad options, measure, report an interrupt or a failure, then the table.
    private static int KernelBench(IAnsiConsole terminal, string? problem, Action measure, Action writeTable)
    {
        if (problem is not null)
        {
            terminal.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
            return 2;
        }
        try
        {
            measure();
        }
        catch (OperationCanceledException)
        {
            terminal.MarkupLine("[yellow]Interrupted.[/]");
            return RunCommand.CancelledExitCode;
        }
        catch (InvalidOperationException e)
        {
            terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 1;
        }
        writeTable();
        return 0;
    }

    private static string? Problem(BenchSettings s) =>
        s.Repeats < 1 ? "--repeats must be at least 1."
        : s.Images is < 1 ? "--images must be at least 1."
        : s.Threads is < 1 ? "--threads must be at least 1."
        : s.InteropThreads is < 1 ? "--interop-threads must be at least 1."
        : s.WarmupSteps < 0 ? "--warmup-steps cannot be negative."
        : s.Loops.Count == 0 ? "--loops needs at least one of: " + string.Join(", ", BenchSettings.KnownLoops) + "."
        : null;
}
