using System.Diagnostics;
using LargeModelsCourse.Runner.Execution;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// Makes the first cells fast: while the kernel waits for its first request, a throw-away script session
/// compiles and runs what a chapter's first cells do (the setup cell's references and usings, a tensor, a chart
/// turned into its JSON and HTML), so Roslyn, libtorch's native library, Plotly.NET and the JIT are warm when
/// the student's own cells arrive. It prints nothing, displays nothing and touches no state the notebook sees
/// (its own session; no seeding). <c>COURSE_WARMUP=0</c> turns it off (to measure a cold start).
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

    /// <summary>Starts warming in the background; returns the task (it never throws: a failed warm-up only costs speed).</summary>
    public static Task Start(TextWriter log)
    {
        if (Environment.GetEnvironmentVariable("COURSE_WARMUP") == "0") return Task.CompletedTask;
        return Task.Run(async () =>
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "warm-up");
                for (var i = 0; i < Cells.Length; i++)
                {
                    var outcome = await session.ExecuteAsync(Cells[i], i + 1).ConfigureAwait(false);
                    if (outcome.Error is { } error)
                    {
                        log.WriteLine($"course kernel: warm-up cell {i + 1} failed ({error.Name}: {error.Message}); the first cells will be slower");
                        return;
                    }
                }
                log.WriteLine($"course kernel: warmed up in {clock.Elapsed.TotalSeconds:0.00} s");
            }
            catch (Exception e)
            {
                log.WriteLine($"course kernel: warm-up failed ({e.GetType().Name}: {e.Message}); the first cells will be slower");
            }
        });
    }
}
