using LargeModelsCourse.Training;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;
using FSharpChart = Plotly.NET.Chart;

namespace LargeModelsCourse.Plots;

/// <summary>
/// Loss and accuracy curves per epoch: loss on the left, accuracy on the right (when there is one),
/// training, validation and test as separate lines (each only where it was measured).
/// </summary>
internal static class HistoryChart
{
    private const int Width = 900;
    private const int Height = 340;

    /// <summary>The chart, with Plotly.NET's defaults as every course chart has them.</summary>
    public static GenericChart Build(IReadOnlyList<EpochRecord> epochs, string title)
    {
        var x = epochs.Select(e => e.Epoch).ToArray();
        var loss = Lines(
            ("train loss", x, epochs.Select(e => (double?)e.TrainLoss)),
            ("validation loss", x, epochs.Select(e => e.ValidationLoss)),
            ("test loss", x, epochs.Select(e => e.TestLoss)));
        var hasAccuracy = epochs.Any(e => e.TrainAccuracy is not null || e.TestAccuracy is not null || e.ValidationAccuracy is not null);
        GenericChart chart;
        if (hasAccuracy)
        {
            var accuracy = Lines(
                ("train accuracy", x, epochs.Select(e => e.TrainAccuracy)),
                ("validation accuracy", x, epochs.Select(e => e.ValidationAccuracy)),
                ("test accuracy", x, epochs.Select(e => e.TestAccuracy)));
            chart = CSharpChart.Grid([loss, accuracy], 1, 2, SubPlotTitles: new[] { "loss", "accuracy" }, XGap: 0.15);
        }
        else
        {
            chart = loss;
        }
        chart = chart.WithXAxisStyle<int, int, string>(TitleText: "epoch");
        if (hasAccuracy) chart = chart.WithXAxisStyle<int, int, string>(TitleText: "epoch", Id: StyleParam.SubPlotId.NewXAxis(2));
        chart = chart.WithSize(Width: hasAccuracy ? Width : Width / 2 + 100, Height: Height);
        return FSharpChart.withTitle(title, FSharpOption<Font>.None).Invoke(chart);
    }

    private static GenericChart Lines(params (string Name, int[] X, IEnumerable<double?> Y)[] series)
    {
        var charts = new List<GenericChart>();
        foreach (var (name, xs, ys) in series)
        {
            var points = xs.Zip(ys).Where(p => p.Second is not null).ToArray();
            if (points.Length == 0) continue;
            // Markers so a single epoch shows as a point, not an invisible zero-length line.
            charts.Add(CSharpChart.Line<int, double, string>(points.Select(p => p.First), points.Select(p => p.Second!.Value),
                Name: name, ShowMarkers: true));
        }
        return CSharpChart.Combine(charts);
    }
}
