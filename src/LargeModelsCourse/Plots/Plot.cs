using Plotly.NET;
using Plotly.NET.CSharp;
using TorchSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;
using FSharpChart = Plotly.NET.Chart;

namespace LargeModelsCourse.Plots;

/// <summary>
/// The charts the chapters draw, each a few lines over Plotly.NET: curves, loss surfaces with an optimizer's
/// path, image grids, heatmaps (confusion matrices, attention), decision boundaries and histograms.
/// Every method returns a Plotly.NET <see cref="GenericChart"/>, which a notebook displays as an interactive chart.
/// </summary>
public static partial class Plot
{
    /// <summary>Default size: wide enough for a notebook column, short enough for a projector.</summary>
    public const int Width = 720, Height = 420;

    /// <summary>One or more named curves over a shared x axis (loss curves, functions, schedules).</summary>
    public static GenericChart Curves(IEnumerable<double> x, IEnumerable<(string Name, IEnumerable<double> Y)> curves,
        string title, string xTitle = "x", string yTitle = "y", bool logY = false)
    {
        var xs = x.ToArray();
        var chart = CSharpChart.Combine(curves.Select(c =>
            CSharpChart.Line<double, double, string>(x: xs, y: c.Y.ToArray(), Name: c.Name, ShowMarkers: xs.Length <= 30)));
        return Style(chart, title, xTitle, yTitle, logY);
    }

    /// <summary>A single curve.</summary>
    public static GenericChart Curve(IEnumerable<double> x, IEnumerable<double> y, string title, string xTitle = "x", string yTitle = "y", string name = "") =>
        Curves(x, [(name == "" ? yTitle : name, y)], title, xTitle, yTitle);

    /// <summary>Points in the plane, optionally one trace per group (e.g. per class).</summary>
    public static GenericChart Scatter(IEnumerable<(string Name, IEnumerable<double> X, IEnumerable<double> Y)> groups,
        string title, string xTitle = "x", string yTitle = "y")
    {
        var chart = CSharpChart.Combine(groups.Select(g =>
            CSharpChart.Point<double, double, string>(x: g.X.ToArray(), y: g.Y.ToArray(), Name: g.Name)));
        return Style(chart, title, xTitle, yTitle);
    }

    /// <summary>Bars with category labels.</summary>
    public static GenericChart Bars(IEnumerable<string> labels, IEnumerable<double> values, string title, string xTitle = "", string yTitle = "")
    {
        var chart = CSharpChart.Column<double, string, string>(values: values.ToArray(), Keys: labels.ToArray());
        return Style(chart, title, xTitle, yTitle);
    }

    /// <summary>A histogram of values (e.g. final losses over many seeds).</summary>
    public static GenericChart Histogram(IEnumerable<double> values, string title, string xTitle = "value", int bins = 30)
    {
        var chart = CSharpChart.Histogram<double, double, string>(X: values.ToArray(), NBinsX: bins);
        return Style(chart, title, xTitle, "count");
    }

    /// <summary>
    /// A loss surface as filled contours, with zero or more optimizer paths drawn over it (chapter 03).
    /// </summary>
    /// <param name="loss">The loss as a function of two parameters.</param>
    /// <param name="xRange">Range of the first parameter.</param>
    /// <param name="yRange">Range of the second parameter.</param>
    /// <param name="paths">Named sequences of (x, y) parameter values, one per optimizer run.</param>
    /// <param name="title">Chart title.</param>
    /// <param name="xTitle">First parameter's name.</param>
    /// <param name="yTitle">Second parameter's name.</param>
    /// <param name="resolution">Grid points per axis.</param>
    /// <param name="logScale">Colour by log10(1 + loss): keeps the valley visible when the loss spans decades.</param>
    public static GenericChart LossSurface(Func<double, double, double> loss, (double Min, double Max) xRange, (double Min, double Max) yRange,
        IEnumerable<(string Name, IEnumerable<(double X, double Y)> Points)> paths, string title, string xTitle = "θ₁", string yTitle = "θ₂",
        int resolution = 80, bool logScale = true)
    {
        var xs = Grid(xRange, resolution);
        var ys = Grid(yRange, resolution);
        var z = ys.Select(y => xs.Select(x => logScale ? Math.Log10(1 + loss(x, y)) : loss(x, y)).ToArray()).ToArray();
        var surface = CSharpChart.Contour<double, double, double, string>(zData: z, X: xs, Y: ys, ShowScale: true,
            Name: logScale ? "log10(1 + loss)" : "loss");
        var lines = paths.Select(p =>
        {
            var points = p.Points.ToArray();
            return CSharpChart.Line<double, double, string>(x: points.Select(q => q.X).ToArray(), y: points.Select(q => q.Y).ToArray(),
                Name: p.Name, ShowMarkers: true);
        });
        var chart = CSharpChart.Combine([surface, .. lines]);
        return LegendBelow(Style(chart, title, xTitle, yTitle))
            .WithXAxisStyle<double, double, string>(TitleText: xTitle, MinMax: Tuple.Create(xRange.Min, xRange.Max))
            .WithYAxisStyle<double, double, string>(TitleText: yTitle, MinMax: Tuple.Create(yRange.Min, yRange.Max));
    }

    /// <summary>
    /// A matrix as a heatmap with labelled rows and columns: confusion matrices (chapter 06), attention
    /// weights (chapter 09), positional encodings. Row 0 is drawn at the top, as matrices are read.
    /// </summary>
    public static GenericChart Heatmap(double[,] values, IEnumerable<string>? columnLabels, IEnumerable<string>? rowLabels,
        string title, string xTitle = "", string yTitle = "", bool showValues = false)
    {
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var z = Enumerable.Range(0, rows).Select(r => Enumerable.Range(0, cols).Select(c => values[r, c]).ToArray()).ToArray();
        var x = (columnLabels ?? Enumerable.Range(0, cols).Select(i => i.ToString())).ToArray();
        var y = (rowLabels ?? Enumerable.Range(0, rows).Select(i => i.ToString())).ToArray();
        var chart = showValues
            ? CSharpChart.Heatmap<double, string, string, string>(zData: z, X: x, Y: y, ReverseYAxis: true,
                MultiText: z.SelectMany(r => r.Select(v => v.ToString("G4"))).ToArray())
            : CSharpChart.Heatmap<double, string, string, string>(zData: z, X: x, Y: y, ReverseYAxis: true);
        return Style(chart, title, xTitle, yTitle);
    }

    /// <summary>A heatmap of a 2-D tensor (converted to doubles on the CPU).</summary>
    public static GenericChart Heatmap(torch.Tensor matrix, IEnumerable<string>? columnLabels, IEnumerable<string>? rowLabels,
        string title, string xTitle = "", string yTitle = "") =>
        Heatmap(ToArray2D(matrix), columnLabels, rowLabels, title, xTitle, yTitle);

    /// <summary>
    /// A classifier's decision regions in 2-D: the predicted probability over a grid as a contour,
    /// and the labelled points on top (chapter 05's XOR, chapter 11's cases).
    /// </summary>
    /// <param name="probability">Maps grid points [n, 2] to the probability of class 1 [n].</param>
    /// <param name="points">The data points [n, 2].</param>
    /// <param name="labels">0/1 labels [n].</param>
    /// <param name="title">Chart title.</param>
    /// <param name="margin">Extra room around the points.</param>
    public static GenericChart DecisionBoundary(Func<torch.Tensor, torch.Tensor> probability, torch.Tensor points, torch.Tensor labels,
        string title, double margin = 0.5)
    {
        using var scope = torch.NewDisposeScope();
        var p = points.detach().cpu().to(torch.float64);
        var lx = (p[.., 0].min().item<double>() - margin, p[.., 0].max().item<double>() + margin);
        var ly = (p[.., 1].min().item<double>() - margin, p[.., 1].max().item<double>() + margin);
        const int resolution = 60;
        var xs = Grid(lx, resolution);
        var ys = Grid(ly, resolution);
        var grid = torch.tensor(ys.SelectMany(y => xs.SelectMany(x => new[] { x, y })).ToArray(), torch.float32).reshape(-1, 2);
        using (torch.no_grad())
        {
            var probs = probability(grid).detach().cpu().to(torch.float64).reshape(resolution, resolution);
            var z = ToJagged(probs);
            var contour = CSharpChart.Contour<double, double, double, string>(zData: z, X: xs, Y: ys, Name: "P(class 1)",
                ColorScale: StyleParam.Colorscale.RdBu, ReverseScale: true, ShowScale: true);
            var y = labels.detach().cpu().to(torch.int64).data<long>().ToArray();
            var groups = new[] { 0L, 1L }.Select(c =>
            {
                var idx = Enumerable.Range(0, y.Length).Where(i => y[i] == c).ToArray();
                return CSharpChart.Point<double, double, string>(
                    x: idx.Select(i => p[i, 0].item<double>()).ToArray(), y: idx.Select(i => p[i, 1].item<double>()).ToArray(),
                    Name: $"class {c}", MarkerSymbol: c == 0 ? StyleParam.MarkerSymbol.Circle : StyleParam.MarkerSymbol.X,
                    MarkerColor: c == 0 ? Color.fromString("white") : Color.fromString("black"),
                    // A dark rim keeps the white class-0 markers visible on the white legend and on pale regions.
                    MarkerOutline: Outline("black", 1.0));
            });
            return LegendBelow(Style(CSharpChart.Combine([contour, .. groups]), title, "x₁", "x₂"));
        }
    }

    /// <summary>Applies the course's common style: title, axis titles, size, white template.</summary>
    public static GenericChart Style(GenericChart chart, string title, string xTitle, string yTitle, bool logY = false)
    {
        var styled = WithTitle(chart, title)
            .WithXAxisStyle<double, double, string>(TitleText: xTitle)
            .WithSize(Width: Width, Height: Height);
        return logY
            ? styled.WithYAxisStyle<double, double, string>(TitleText: yTitle, AxisType: StyleParam.AxisType.Log)
            : styled.WithYAxisStyle<double, double, string>(TitleText: yTitle);
    }

    // Line.init is an F# method whose optional arguments C# must all spell out; a Line is a dynamic object, so set the two it needs.
    private static Line Outline(string color, double width)
    {
        var line = new Line();
        line.SetProperty("color", color);
        line.SetProperty("width", width);
        return line;
    }

    /// <summary>
    /// Moves the legend under the plot, in a row. Charts with a colour bar need it: Plotly draws the legend and
    /// the colour bar both at the right edge, on top of each other.
    /// </summary>
    public static GenericChart LegendBelow(GenericChart chart) =>
        chart.WithLegendStyle(Orientation: StyleParam.Orientation.Horizontal, X: 0.0, Y: -0.22, YAnchor: StyleParam.YAnchorPosition.Top);

    /// <summary>Sets a chart's title (Plotly.NET's F# API, which the C# package does not wrap).</summary>
    public static GenericChart WithTitle(GenericChart chart, string title) =>
        FSharpChart.withTitle(title, Microsoft.FSharp.Core.FSharpOption<Font>.None).Invoke(chart);

    /// <summary>Evenly spaced values from min to max inclusive.</summary>
    public static double[] Grid((double Min, double Max) range, int count) =>
        Enumerable.Range(0, count).Select(i => range.Min + (range.Max - range.Min) * i / (count - 1)).ToArray();

    private static double[][] ToJagged(torch.Tensor matrix)
    {
        var m = matrix.detach().cpu().to(torch.float64).contiguous();
        var rows = (int)m.shape[0];
        var cols = (int)m.shape[1];
        var data = m.data<double>().ToArray();
        return Enumerable.Range(0, rows).Select(r => data.AsSpan(r * cols, cols).ToArray()).ToArray();
    }

    private static double[,] ToArray2D(torch.Tensor matrix)
    {
        var jagged = ToJagged(matrix);
        var result = new double[jagged.Length, jagged.Length == 0 ? 0 : jagged[0].Length];
        for (var r = 0; r < jagged.Length; r++)
            for (var c = 0; c < jagged[r].Length; c++) result[r, c] = jagged[r][c];
        return result;
    }
}
