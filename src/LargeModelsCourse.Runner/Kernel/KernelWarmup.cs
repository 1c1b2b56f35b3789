using System.Diagnostics;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Kernel.Protocol;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// Makes the first cells fast. The script engine warms from launch: a throw-away script session compiles what a
/// chapter's first cells compile (the setup cell's references and usings, a tensor, a chart), so Roslyn is warm. Once
/// the kernel is ready, its core is free and the libraries warm in compiled code beside it: a chart turned into every
/// representation the kernel sends (Plotly.NET's first serialization builds its converters by reflection, 0.6 s that
/// precompiling cannot save) and a tensor's display (libtorch's native library loads). The first cell, if it comes
/// before the script engine is warm, waits for it rather than compiling cold beside it: on two cores the two would
/// share the work's cost without sharing its result. Neither warm-up prints, displays or touches state the notebook
/// sees (its own session; no seeding; the chart's plotly.js is not claimed). <c>COURSE_WARMUP=0</c> turns both off
/// (to measure a cold start).
/// </summary>
internal sealed class KernelWarmup
{
    /// <summary>What the warm-up session runs: the setup cell's directives, then the first tensor and the first chart.</summary>
    internal static readonly string[] Cells =
    [
        """
        #r "nuget: TorchSharp-cpu"
        #r "nuget: Plotly.NET"
        #r "nuget: Plotly.NET.CSharp"
        #r "nuget: MathNet.Numerics"
        #r "nuget: LargeModelsCourse"
        using TorchSharp;
        using static TorchSharp.torch;
        using LargeModelsCourse;
        using LargeModelsCourse.Display;
        var warm = torch.tensor(new float[] { 1, 2, 3, 4 }) * 2 + 1;
        warm.sum().item<float>()
        """,
        """
        var chart = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 1.0, 4.0 }, Name: "warm");
        PlotlyOutput.FigureJson(chart).Count + Formatting.ToMimeBundle(warm).ToJson().Count
        """,
    ];

    /// <summary>
    /// What the compiled warm-up does: the first chart a chapter draws, turned into the message the kernel sends (with
    /// plotly.js inline, in segments as <see cref="WireJson"/> writes it), and a tensor's display. Returns their total
    /// length (so nothing is optimised away).
    /// </summary>
    internal static int WarmLibraries()
    {
        var chart = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 1.0, 4.0 }, Name: "warm");
        var figure = PlotlyOutput.FigureJson(chart);
        var bundle = new MimeBundle().With(MimeBundle.PlotlyJson, figure)
            .With(MimeBundle.Html, PlotlyOutput.Html(figure, includeLibrary: true))
            .With(MimeBundle.PlainText, PlotlyOutput.Summary(figure));
        using var tensor = TorchSharp.torch.tensor(new float[] { 1, 2, 3, 4 });
        return WireJson.Serialize(bundle.ToJson()).Length + WireJson.Serialize(Formatting.ToMimeBundle(tensor).ToJson()).Length;
    }

    private readonly TextWriter log;
    private readonly bool enabled = Environment.GetEnvironmentVariable("COURSE_WARMUP") != "0";
    private readonly Task scriptEngine;
    private readonly TaskCompletionSource firstCellCompiled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<double> cellSeconds = [];
    private Task libraries = Task.CompletedTask;
    private int firstCell;

    private KernelWarmup(TextWriter log)
    {
        this.log = log;
        // Turned off, there is nothing for a first cell to wait for.
        if (!enabled) firstCellCompiled.SetResult();
        scriptEngine = enabled ? OwnThread(() => Warm("script engine", async () =>
        {
            var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "warm-up");
            try
            {
                for (var i = 0; i < Cells.Length; i++)
                {
                    var clock = Stopwatch.StartNew();
                    var outcome = await session.ExecuteAsync(Cells[i], i + 1).ConfigureAwait(false);
                    if (outcome.Error is { } error) throw new InvalidOperationException($"warm-up cell {i + 1}: {error.Name}: {error.Message}");
                    cellSeconds.Add(clock.Elapsed.TotalSeconds);
                    if (i == 0) firstCellCompiled.TrySetResult();
                }
            }
            finally
            {
                firstCellCompiled.TrySetResult();
            }
        }, () => $" (cells {string.Join(", ", cellSeconds.Select(c => c.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)))} s)")) : Task.CompletedTask;
    }

    /// <summary>Starts warming the script engine (at launch); the libraries follow at <see cref="KernelReady"/>.</summary>
    public static KernelWarmup Start(TextWriter log) => new(log);

    /// <summary>The kernel has started: its core is free for the libraries' warm-up.</summary>
    public void KernelReady()
    {
        if (enabled && libraries == Task.CompletedTask)
        {
            libraries = OwnThread(() => Warm("libraries", () =>
            {
                WarmLibraries();
                return Task.CompletedTask;
            }));
        }
    }

    /// <summary>The script engine's first warm-up cell has finished (or the warm-up ended without it).</summary>
    public bool FirstCellWarm => firstCellCompiled.Task.IsCompleted;

    /// <summary>Both warm-ups (for tests: they never throw, a failure is logged and only costs speed).</summary>
    public Task Completion => Task.WhenAll(scriptEngine, libraries);

    /// <summary>
    /// Called before each cell: the first one waits (at most <paramref name="limit"/>) for the script engine's first
    /// warm-up cell (the setup cell's references and a tensor), whose work it would otherwise repeat cold beside it.
    /// </summary>
    public Task BeforeCellAsync(TimeSpan limit) =>
        Interlocked.Exchange(ref firstCell, 1) == 0 && !firstCellCompiled.Task.IsCompleted
            ? Task.WhenAny(firstCellCompiled.Task, Task.Delay(limit))
            : Task.CompletedTask;

    // Threads of their own: on the thread pool, long CPU-bound jobs would hold a 2-core machine's pool threads and
    // the kernel's own request loops would wait for the pool to grow (about half a second).
    private static Task OwnThread(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task Warm(string what, Func<Task> warm, Func<string>? detail = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await warm().ConfigureAwait(false);
            var sinceLaunch = DateTime.Now - Process.GetCurrentProcess().StartTime;
            log.WriteLine($"course kernel: warmed up the {what} in {clock.Elapsed.TotalSeconds:0.00} s, {sinceLaunch.TotalSeconds:0.00} s after launch{detail?.Invoke()}");
        }
        catch (Exception e)
        {
            log.WriteLine($"course kernel: warming up the {what} failed ({e.GetType().Name}: {e.Message}); the first cells will be slower");
        }
    }
}
