using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Bench;
using LargeModelsCourse.Tests.Support;
using Spectre.Console;
using Xunit;

namespace LargeModelsCourse.Tests.Training;

/// <summary>
/// The bench builds each loop's model right after <c>torch.manual_seed</c>, from libtorch's one process-wide generator:
/// a test drawing random numbers in parallel would give the trainer and the plain loop different weights. So these run
/// alone, as the bench does in its own process.
/// </summary>
[Collection(SerialCollection.Name)]
public class BenchTests
{
    [Fact]
    public void Bench_writes_the_environment_then_runs_summaries_and_the_comparison()
    {
        // Two steps per epoch: this checks the command's output, not any speed.
        var settings = new BenchSettings(Repeats: 2, Only: "mlp", Quick: false, Images: 64, Threads: null, InteropThreads: null,
            Seed: 0, WarmupSteps: 1, Loops: [BenchSettings.Trainer, BenchSettings.Plain, BenchSettings.PlainBare], Progress: false);
        var json = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
        var runner = new BenchRunner(settings, json, terminal);
        runner.Run(["bench", "--only", "mlp"], CancellationToken.None);

        var lines = json.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var env = lines[0];
        Assert.Equal("env", env["bench"]!.GetValue<string>());
        Assert.Equal(PackageVersions.Of("TorchSharp-cpu"), env["torchsharp"]!.GetValue<string>());
        Assert.Equal(TorchSharp.torch.get_num_threads(), env["threads"]!.GetValue<int>());
        // What the run really had, so a figure can be traced to its malloc tuning.
        Assert.Equal(Environment.GetEnvironmentVariable("GLIBC_TUNABLES"), env["GLIBC_TUNABLES"]?.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(env["libtorch"]!.GetValue<string>()));

        var runs = lines.Where(l => l["repeat"] is not null).ToList();
        Assert.Equal(2 * 3, runs.Count);
        Assert.All(runs, r => Assert.Equal("mlp_mnist", r["bench"]!.GetValue<string>()));
        // The trainer and the plain loop start from the same weights and shuffle alike: same numbers.
        foreach (var repeat in new[] { 1, 2 })
        {
            var trainer = runs.Single(r => r["loop"]!.GetValue<string>() == "trainer" && r["repeat"]!.GetValue<int>() == repeat);
            var plain = runs.Single(r => r["loop"]!.GetValue<string>() == "plain" && r["repeat"]!.GetValue<int>() == repeat);
            Assert.Equal(plain["train_loss"]!.GetValue<double>(), trainer["train_loss"]!.GetValue<double>());
            Assert.Equal(plain["train_acc"]!.GetValue<double>(), trainer["train_acc"]!.GetValue<double>());
        }
        Assert.Null(runs.First(r => r["loop"]!.GetValue<string>() == "plain-bare")["train_loss"]);

        var summaries = lines.Where(l => l["summary"] is not null).ToList();
        Assert.Equal(["trainer", "plain", "plain-bare"], summaries.Select(s => s["loop"]!.GetValue<string>()));
        Assert.All(summaries, s => Assert.Equal(2, s["seconds_per_epoch_all"]!.AsArray().Count));
        var comparison = lines.Single(l => l["comparison"] is not null);
        Assert.Equal(3.0, comparison["budget_pct"]!.GetValue<double>());
        Assert.NotNull(comparison["overhead_median_pct"]);
        Assert.Equal(2, comparison["overhead_pairs_pct"]!.AsArray().Count);
        Assert.Equal(comparison["overhead_paired_median_pct"]!.GetValue<double>() <= 3.0, comparison["within_budget"]!.GetValue<bool>());
    }

    [Fact]
    public void The_startup_bench_opens_chapter_00_in_a_real_kernel_and_times_every_step_to_its_first_chart()
    {
        var json = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(new StringWriter()) });
        var bench = new StartupBench(json, terminal);
        bench.Measure(Path.Combine(Repo.Notebooks, "00-start-here.ipynb"), [0], repeats: 1, CancellationToken.None);

        var line = JsonNode.Parse(json.ToString().Trim())!.AsObject();
        Assert.Equal("kernel_startup", line["bench"]!.GetValue<string>());
        // Chapter 00's first chart is its sixth code cell; each figure is a real, positive duration.
        Assert.Equal(6, line["cells_to_first_chart"]!.GetValue<int>());
        foreach (var figure in new[] { "ready_seconds", "setup_cell_seconds", "first_tensor_seconds", "first_chart_seconds" })
            Assert.InRange(line[figure]!.GetValue<double>(), 0.001, 120);
        Assert.Single(bench.Runs);
    }
}

public class BenchSummaryTests
{
    [Fact]
    public void Overhead_is_judged_on_epochs_run_back_to_back_so_drift_between_repeats_cancels()
    {
        // The machine slows down by half between repeat 1 and repeat 3; the trainer is 2 % slower in each pair.
        var plain = new BenchSummary("lenet", "plain", 1000, [4.0, 5.0, 6.0], [8, 10, 12]);
        var trainer = new BenchSummary("lenet", "trainer", 1000, [4.08, 5.1, 6.12], [8, 10, 12]);

        var comparison = BenchSummary.Comparison(trainer, plain, quick: false);

        Assert.Equal(2.0, comparison["overhead_paired_median_pct"]!.GetValue<double>(), 6);
        Assert.True(comparison["within_budget"]!.GetValue<bool>());
        var pairs = comparison["overhead_pairs_pct"]!.AsArray().Select(p => p!.GetValue<double>()).ToArray();
        Assert.All(pairs, p => Assert.Equal(2.0, p, 6));
    }

    [Fact]
    public void A_trainer_slower_in_most_pairs_is_over_budget()
    {
        var plain = new BenchSummary("mlp", "plain", 1000, [1.0, 1.0, 2.0], [1, 1, 2]);
        var trainer = new BenchSummary("mlp", "trainer", 1000, [1.05, 1.06, 1.9], [1, 1, 2]);

        var comparison = BenchSummary.Comparison(trainer, plain, quick: false);

        Assert.Equal(5.0, comparison["overhead_paired_median_pct"]!.GetValue<double>(), 6);
        Assert.False(comparison["within_budget"]!.GetValue<bool>());
    }
}

public class TrainerWorkPerStepTests
{
    // Tensors made (in and out of dispose scopes) on this thread while an action runs.
    private static long TensorsMadeBy(Action action)
    {
        var statistics = TorchSharp.DisposeScopeManager.Statistics;
        var before = statistics.CreatedInScopeCount + statistics.CreatedOutsideScopeCount;
        action();
        return statistics.CreatedInScopeCount + statistics.CreatedOutsideScopeCount - before;
    }

    [Theory]
    [InlineData("mlp")]
    [InlineData("lenet")]
    public void The_trainer_does_no_more_tensor_work_per_step_than_a_plain_loop(string workloadName)
    {
        // Each TorchSharp operation makes a tensor and costs microseconds of interop; the budget for the
        // trainer's overhead (3 %) leaves no room for extra operations per step. Counting tensors is
        // independent of machine load, unlike a timing.
        var workload = BenchWorkload.All.Single(w => w.Short == workloadName);
        var (x, y) = workload.Data(workload.BatchSize * 20L, seed: 0);
        using var lossFn = TorchSharp.torch.nn.CrossEntropyLoss();
        var model = workload.CreateModel();
        var optimizer = workload.CreateOptimizer(model);
        var trainer = new LargeModelsCourse.Training.Trainer(model, optimizer, lossFn);
        var quiet = new LargeModelsCourse.Training.TrainingOptions { Progress = LargeModelsCourse.Training.TrainingProgress.None };

        long Trainer(long steps) => TensorsMadeBy(() =>
            trainer.Fit(x.narrow(0, 0, steps * workload.BatchSize), y.narrow(0, 0, steps * workload.BatchSize),
                epochs: 1, batchSize: workload.BatchSize, options: quiet));
        long Plain(long steps) => TensorsMadeBy(() =>
        {
            using var generator = new TorchSharp.torch.Generator(0);
            PlainLoop.Epoch(model, optimizer, lossFn, x.narrow(0, 0, steps * workload.BatchSize), y.narrow(0, 0, steps * workload.BatchSize),
                workload.BatchSize, generator, metrics: true, CancellationToken.None);
        });

        Trainer(2); // optimizer state and first-call set-up, outside the comparison
        Plain(2);
        var trainerPerStep = (Trainer(20) - Trainer(10)) / 10.0;
        var plainPerStep = (Plain(20) - Plain(10)) / 10.0;
        Assert.True(plainPerStep > 10, $"the plain loop makes {plainPerStep} tensors per step");
        Assert.Equal(plainPerStep, trainerPerStep);
    }
}
