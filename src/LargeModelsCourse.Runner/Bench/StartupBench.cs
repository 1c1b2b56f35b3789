using System.Diagnostics;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Kernel.Client;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Kernel.Protocol;
using LargeModelsCourse.Runner.Notebooks;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>
/// <c>course bench --startup</c>: what a student waits for when a chapter opens. Starts the course kernel the way
/// a front end does (a kernelspec, a connection file, Jupyter's protocol), waits until it answers, optionally pauses
/// (a student reading the first cell), then runs chapter 00's code cells in order until the first chart has been
/// displayed, timing each from execute_request to idle. Each repeat is a fresh kernel process, so every figure is
/// a cold start of the kernel (the machine's file cache stays warm, as it is for a student's second notebook).
/// </summary>
public sealed class StartupBench(TextWriter json, IAnsiConsole terminal)
{
    private static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(3);

    /// <summary>One kernel start: seconds to ready, then per cell until the first chart.</summary>
    public sealed record Run(double PauseSeconds, int Repeat, double ReadySeconds, double SetupSeconds, double FirstTensorSeconds, double FirstChartSeconds, int CellsToFirstChart, string WarmUp);

    /// <summary>Every run so far.</summary>
    public List<Run> Runs { get; } = [];

    /// <summary>Runs <paramref name="repeats"/> kernel starts for each pause; writes a JSON line per run.</summary>
    /// <exception cref="InvalidOperationException">The kernel did not start or a cell failed (the message says which and shows the kernel's output).</exception>
    public void Measure(string notebook, IReadOnlyList<double> pauses, int repeats, CancellationToken cancellation)
    {
        var cells = NotebookDocument.Load(notebook).Cells.Where(c => c.IsCSharp).Select(c => c.Source).ToList();
        using var kernels = new BenchKernel();
        foreach (var pause in pauses)
        {
            for (var repeat = 1; repeat <= repeats; repeat++)
            {
                cancellation.ThrowIfCancellationRequested();
                var run = Once(kernels, Path.GetDirectoryName(Path.GetFullPath(notebook))!, cells, pause, repeat, cancellation);
                Runs.Add(run);
                json.WriteLine(new JsonObject
                {
                    ["bench"] = "kernel_startup",
                    ["notebook"] = Path.GetFileName(notebook),
                    ["pause_seconds"] = pause,
                    ["repeat"] = repeat,
                    ["ready_seconds"] = Math.Round(run.ReadySeconds, 3),
                    ["setup_cell_seconds"] = Math.Round(run.SetupSeconds, 3),
                    ["first_tensor_seconds"] = Math.Round(run.FirstTensorSeconds, 3),
                    ["first_chart_seconds"] = Math.Round(run.FirstChartSeconds, 3),
                    ["cells_to_first_chart"] = run.CellsToFirstChart,
                }.ToJsonString());
                terminal.MarkupLine($"[grey]pause {pause:0.#} s, run {repeat}: ready {run.ReadySeconds:0.00} s, setup {run.SetupSeconds:0.00} s, first tensor {run.FirstTensorSeconds:0.00} s, first chart {run.FirstChartSeconds:0.00} s; {Markup.Escape(run.WarmUp)}[/]");
            }
        }
    }

    private static Run Once(BenchKernel kernels, string folder, List<string> cells, double pause, int repeat, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var (kernel, client) = kernels.Start(folder);
        using var started = kernel;
        using var connected = client;
        var ready = clock.Elapsed.TotalSeconds;
        if (pause > 0) cancellation.WaitHandle.WaitOne(TimeSpan.FromSeconds(pause));
        var seconds = new List<double>();
        for (var i = 0; i < cells.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var cell = Stopwatch.StartNew();
            var messages = BenchKernel.Execute(client, cells[i], $"cell {i + 1}", CellTimeout);
            seconds.Add(cell.Elapsed.TotalSeconds);
            var drewChart = messages.Any(m => m.MsgType is "display_data" or "execute_result"
                && m.Content["data"] is JsonObject data && data.ContainsKey(MimeBundle.PlotlyJson));
            if (drewChart)
            {
                // The kernel logs when each warm-up finished: shown per run, it says whether a cell waited for one.
                var warmUp = string.Join("; ", kernel.Output.Split('\n').Where(l => l.Contains("warm", StringComparison.Ordinal))
                    .Select(l => l.Replace("course kernel: ", "", StringComparison.Ordinal).Trim()));
                return new Run(pause, repeat, ready, seconds[0], seconds.Count > 1 ? seconds[1] : double.NaN, seconds[^1], i + 1, warmUp);
            }
        }
        throw new InvalidOperationException("the notebook displayed no chart: use a chapter whose first cells draw one (chapter 00 does)");
    }

    /// <summary>The median of each figure per pause, as a table on the terminal.</summary>
    public void WriteTable()
    {
        var table = new Spectre.Console.Table().AddColumns("pause before the first cell", "runs", "ready", "setup cell", "first tensor", "first chart");
        foreach (var group in Runs.GroupBy(r => r.PauseSeconds))
        {
            table.AddRow($"{group.Key:0.#} s", group.Count().ToString(System.Globalization.CultureInfo.InvariantCulture),
                Median(group, r => r.ReadySeconds), Median(group, r => r.SetupSeconds), Median(group, r => r.FirstTensorSeconds), Median(group, r => r.FirstChartSeconds));
        }
        terminal.Write(table);
        terminal.MarkupLine("[grey]Medians, seconds; each cell from execute_request to idle, through Jupyter's protocol.[/]");
    }

    private static string Median(IEnumerable<Run> runs, Func<Run, double> figure) =>
        $"{BenchSummary.MedianOf([.. runs.Select(figure)]):0.00} s";
}
