using LargeModelsCourse.Maths;
using Plotly.NET;
using Plotly.NET.CSharp;

namespace LargeModelsCourse.Plots;

/// <summary>
/// Charts of optimisation runs recorded as <see cref="DescentHistory"/>: their paths over a loss surface.
/// Taught in chapter 03.
/// </summary>
public static class DescentCharts
{
    /// <summary>
    /// The loss surface as contours (<see cref="Plot.LossSurface"/>) with each run's path drawn on it: the first
    /// MaxSteps steps of each run, every <paramref name="stride"/>-th iterate. Longer paths are drawn underneath
    /// shorter ones, and the legend goes below the chart, where it does not cover the colour scale. Taught in chapter 03.
    /// </summary>
    /// <param name="loss">The loss as a function of the two parameters.</param>
    /// <param name="xRange">Range of the first parameter.</param>
    /// <param name="yRange">Range of the second parameter.</param>
    /// <param name="runs">Named runs of two parameters each, with how many of their steps to draw.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">First parameter's name.</param>
    /// <param name="yTitle">Second parameter's name.</param>
    /// <param name="stride">Draw every stride-th iterate (and always the last one drawn).</param>
    public static GenericChart Paths(Func<double, double, double> loss, (double Min, double Max) xRange, (double Min, double Max) yRange,
        IEnumerable<(string Name, DescentHistory Run, int MaxSteps)> runs, string title, string xTitle, string yTitle, int stride = 1)
    {
        ArgumentNullException.ThrowIfNull(runs);
        // Longer paths are drawn first, so shorter ones stay visible on top of them (paths often share a valley).
        var paths = runs.Select(r => (r.Name, Points: r.Run.Path(r.MaxSteps, stride).ToArray()))
            .OrderByDescending(p => Length(p.Points))
            .Select(p => (p.Name, (IEnumerable<(double X, double Y)>)p.Points))
            .ToArray();
        return Plot.LossSurface(loss, xRange, yRange, paths, title, xTitle, yTitle);
    }

    private static double Length((double X, double Y)[] points) =>
        points.Zip(points.Skip(1), (a, b) => Math.Sqrt((b.X - a.X) * (b.X - a.X) + (b.Y - a.Y) * (b.Y - a.Y))).Sum();
}
