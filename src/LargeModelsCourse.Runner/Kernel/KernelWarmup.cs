using System.Diagnostics;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// Makes the first cells fast: while the kernel waits for its first request, two warm-ups run side by side (a core
/// each). One, in compiled code, draws a chart and formats a tensor: Plotly.NET's first serialization builds its
/// converters by reflection (0.6 s, which precompiling cannot save) and libtorch's native library loads. The other,
/// a throw-away script session, compiles what a chapter's first cells compile (the setup cell's references and
/// usings, a tensor, a chart), so Roslyn is warm. Neither prints, displays or touches state the notebook sees (its
/// own session; no seeding; the chart's plotly.js is not claimed). <c>COURSE_WARMUP=0</c> turns both off (to
/// measure a cold start).
/// </summary>
internal static class KernelWarmup
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
        var figure = PlotlyOutput.FigureJson(chart);
        // What displaying the first chart does (with plotly.js inline), without claiming the notebook's one embedding.
        // The bundle turned into JSON leaves plotly.js out: escaping it in one piece would borrow an 85 MB buffer from
        // the shared pools, which keep it for minutes (the kernel itself sends it in segments, see WireJson).
        var html = PlotlyOutput.Html(figure, includeLibrary: true);
        var bundle = new MimeBundle().With(MimeBundle.PlotlyJson, figure)
            .With(MimeBundle.Html, PlotlyOutput.Html(figure, includeLibrary: false))
            .With(MimeBundle.PlainText, PlotlyOutput.Summary(figure));
        html.Length + bundle.ToJson().ToJsonString().Length + Formatting.ToMimeBundle(warm).ToJson().ToJsonString().Length
        """,
    ];

    /// <summary>
    /// What the compiled warm-up does: the first chart a chapter draws, turned into every representation the kernel
    /// sends, and a tensor's display. Returns their total length (so nothing is optimised away).
    /// </summary>
    internal static int WarmLibraries()
    {
        var chart = Plotly.NET.CSharp.Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 1.0, 4.0 }, Name: "warm");
        var figure = PlotlyOutput.FigureJson(chart);
        var bundle = new MimeBundle().With(MimeBundle.PlotlyJson, figure)
            .With(MimeBundle.Html, PlotlyOutput.Html(figure, includeLibrary: true))
            .With(MimeBundle.PlainText, PlotlyOutput.Summary(figure));
        using var tensor = TorchSharp.torch.tensor(new float[] { 1, 2, 3, 4 });
        return bundle.ToJson().ToJsonString().Length + Formatting.ToMimeBundle(tensor).ToJson().ToJsonString().Length;
    }

    /// <summary>Starts warming in the background; returns the task (it never throws: a failed warm-up only costs speed).</summary>
    public static Task Start(TextWriter log)
    {
        if (Environment.GetEnvironmentVariable("COURSE_WARMUP") == "0") return Task.CompletedTask;
        // Threads of their own: on the thread pool, two long CPU-bound jobs would hold a 2-core machine's pool
        // threads and the kernel's own request loops would wait for the pool to grow (about half a second).
        var libraries = OwnThread(() => Warm("libraries", log, () =>
        {
            WarmLibraries();
            return Task.CompletedTask;
        }));
        var script = OwnThread(() => Warm("script engine", log, async () =>
        {
            var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "warm-up");
            for (var i = 0; i < Cells.Length; i++)
            {
                var outcome = await session.ExecuteAsync(Cells[i], i + 1).ConfigureAwait(false);
                if (outcome.Error is { } error) throw new InvalidOperationException($"warm-up cell {i + 1}: {error.Name}: {error.Message}");
            }
        }));
        return Task.WhenAll(libraries, script);
    }

    private static Task OwnThread(Func<Task> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private static async Task Warm(string what, TextWriter log, Func<Task> warm)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await warm().ConfigureAwait(false);
            var sinceLaunch = DateTime.Now - Process.GetCurrentProcess().StartTime;
            log.WriteLine($"course kernel: warmed up the {what} in {clock.Elapsed.TotalSeconds:0.00} s, {sinceLaunch.TotalSeconds:0.00} s after launch");
        }
        catch (Exception e)
        {
            log.WriteLine($"course kernel: warming up the {what} failed ({e.GetType().Name}: {e.Message}); the first cells will be slower");
        }
    }
}
